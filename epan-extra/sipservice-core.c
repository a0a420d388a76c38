/* SIP SERVICE transactions: body kind, response-time stats, unanswered decision. */
#include "sipservice-core.h"

#include <string.h>

typedef struct {
    const char *media_type;
    sipservice_kind kind;
} kind_entry;

static const kind_entry kind_table[] = {
    { "application/vq-rtcpxr+xml",              SIPSERVICE_KIND_QOE },
    { "application/ms-cqf+xml",                 SIPSERVICE_KIND_QOE },
    { "application/msrtc-media-relay-auth+xml", SIPSERVICE_KIND_MRAS },
};

static const char *const kind_names[SIPSERVICE_KIND_COUNT] = { "qoe", "mras", "other" };

static gboolean
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

sipservice_kind
sipservice_classify(const char *content_type, gsize len)
{
    gsize start = 0, end;

    if (content_type == NULL)
        return SIPSERVICE_KIND_OTHER;
    /* the media type ends at the first parameter */
    end = 0;
    while (end < len && content_type[end] != ';' && content_type[end] != '\0')
        end++;
    while (start < end && is_space(content_type[start]))
        start++;
    while (end > start && is_space(content_type[end - 1]))
        end--;

    for (gsize i = 0; i < G_N_ELEMENTS(kind_table); i++) {
        const char *mt = kind_table[i].media_type;
        if (strlen(mt) == end - start && g_ascii_strncasecmp(content_type + start, mt, end - start) == 0)
            return kind_table[i].kind;
    }
    return SIPSERVICE_KIND_OTHER;
}

const char *
sipservice_kind_name(sipservice_kind kind)
{
    return (unsigned)kind < SIPSERVICE_KIND_COUNT ? kind_names[kind] : "other";
}

void
sipservice_rtstats_init(sipservice_rtstats *s)
{
    s->count = 0;
    s->sum_us = 0;
    s->min_us = 0;
    s->max_us = 0;
}

void
sipservice_rtstats_add(sipservice_rtstats *s, gint64 us)
{
    if (s->count == 0 || us < s->min_us)
        s->min_us = us;
    if (s->count == 0 || us > s->max_us)
        s->max_us = us;
    /* saturated: times near the 64-bit limit must not overflow the sum */
    if (us > 0 && s->sum_us > G_MAXINT64 - us)
        s->sum_us = G_MAXINT64;
    else if (us < 0 && s->sum_us < G_MININT64 - us)
        s->sum_us = G_MININT64;
    else
        s->sum_us += us;
    s->count++;
}

gint64
sipservice_rtstats_avg_us(const sipservice_rtstats *s)
{
    return s->count ? s->sum_us / (gint64)s->count : 0;
}

sipservice_outcome
sipservice_decide(gboolean answered, gint64 request_us, gint64 capture_end_us, gint64 timeout_us)
{
    if (answered)
        return SIPSERVICE_ANSWERED;
    /* the difference of two far-apart times overflows gint64, never guint64 */
    if (capture_end_us < request_us)
        return timeout_us <= 0 ? SIPSERVICE_UNANSWERED : SIPSERVICE_PENDING;
    if (timeout_us <= 0)
        return SIPSERVICE_UNANSWERED;
    return (guint64)capture_end_us - (guint64)request_us >= (guint64)timeout_us ? SIPSERVICE_UNANSWERED
                                                                                  : SIPSERVICE_PENDING;
}

gint64
sipservice_time_us(gint64 secs, gint64 nsecs)
{
    gint64 us = nsecs / 1000;

    if (secs > (G_MAXINT64 - 999999) / 1000000)
        return G_MAXINT64;
    if (secs < (G_MININT64 + 999999) / 1000000)
        return G_MININT64;
    return secs * 1000000 + us;
}

gint64
sipservice_elapsed_us(gint64 from_secs, gint64 from_nsecs, gint64 to_secs, gint64 to_nsecs)
{
    if (from_secs < 0 && to_secs > G_MAXINT64 + from_secs)
        return G_MAXINT64;
    if (from_secs > 0 && to_secs < G_MININT64 + from_secs)
        return G_MININT64;
    return sipservice_time_us(to_secs - from_secs, to_nsecs - from_nsecs);
}

/* qoe: poor audio stream classification and number parsing ([MS-QoE]). */
#include "qoe-core.h"

#include <math.h>
#include <string.h>

gboolean
qoe_parse_number(const char *text, double *out)
{
    const char *p, *end;
    gsize len;
    gboolean digits = FALSE, dot = FALSE;
    char *stop = NULL;
    char buf[64];
    double v;

    if (text == NULL)
        return FALSE;
    p = text;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    end = p + strlen(p);
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
        end--;
    len = (gsize)(end - p);
    if (len == 0 || len >= sizeof(buf))
        return FALSE;
    memcpy(buf, p, len);
    buf[len] = '\0';
    if (strcmp(buf, "INF") == 0 || strcmp(buf, "-INF") == 0) {
        *out = buf[0] == '-' ? -INFINITY : INFINITY;
        return TRUE;
    }
    /* the lexical form of xs:double, checked before strtod sees it (which
     * would also take hex, "nan", "infinity" and leading junk) */
    p = buf;
    if (*p == '+' || *p == '-')
        p++;
    for (; *p && *p != 'e' && *p != 'E'; p++) {
        if (g_ascii_isdigit(*p))
            digits = TRUE;
        else if (*p == '.' && !dot)
            dot = TRUE;
        else
            return FALSE;
    }
    if (!digits)
        return FALSE;
    if (*p) {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!g_ascii_isdigit(*p))
            return FALSE;
        while (g_ascii_isdigit(*p))
            p++;
        if (*p)
            return FALSE;
    }
    v = g_ascii_strtod(buf, &stop);
    if (stop == NULL || *stop != '\0')
        return FALSE;
    *out = v;
    return TRUE;
}

gboolean
qoe_thresholds_valid(void)
{
    double v;

    if (qoe_thresholds_count != QOE_METRIC_COUNT)
        return FALSE;
    for (unsigned i = 0; i < qoe_thresholds_count; i++) {
        if (qoe_thresholds[i].metric != (qoe_metric)i || !qoe_parse_number(qoe_thresholds[i].threshold, &v))
            return FALSE;
    }
    return TRUE;
}

void
qoe_metrics_init(qoe_stream_metrics *m)
{
    memset(m, 0, sizeof(*m));
}

gboolean
qoe_metrics_set(qoe_stream_metrics *m, qoe_metric metric, const char *text)
{
    double v;

    if ((unsigned)metric >= QOE_METRIC_COUNT || !qoe_parse_number(text, &v) || isnan(v))
        return FALSE;
    m->text[metric] = text;
    m->value[metric] = v;
    m->valid[metric] = TRUE;
    return TRUE;
}

guint
qoe_classify_audio(const qoe_stream_metrics *m, GString *reason)
{
    guint n = 0;

    for (unsigned i = 0; i < qoe_thresholds_count && i < QOE_METRIC_COUNT; i++) {
        const qoe_threshold *t = &qoe_thresholds[i];
        double limit;

        if (!m->valid[i] || !qoe_parse_number(t->threshold, &limit) || !(m->value[i] > limit))
            continue;
        if (reason != NULL) {
            const char *v = m->text[i], *e;
            while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
                v++;
            e = v + strlen(v);
            while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
                e--;
            g_string_append_printf(reason, "%s%s %.*s%s%s > %s%s%s", n ? ", " : "", t->element,
                                   (int)(e - v), v, *t->unit ? " " : "", t->unit,
                                   t->threshold, *t->unit ? " " : "", t->unit);
        }
        n++;
    }
    return n;
}

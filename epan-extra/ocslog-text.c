/* Log text made safe for packet comments and messages: logs are copied from
 * customers' machines and may hold anything (terminal escapes, invalid UTF-8,
 * NUL bytes); a comment must be valid UTF-8 that prints harmlessly. */
#include "ocslog-parse.h"

#include <string.h>

/* Appends piece (len bytes) when it fits in cap with room for the NUL. */
static gboolean
put(char *out, gsize cap, gsize *o, const char *piece, gsize len)
{
    if (*o + len + 1 > cap)
        return FALSE;
    memcpy(out + *o, piece, len);
    *o += len;
    return TRUE;
}

gsize
ocslog_text_clean(char *out, gsize cap, const guint8 *s, gsize n)
{
    gsize i = 0, o = 0;
    char esc[8];

    if (cap == 0)
        return 0;
    while (i < n) {
        /* NUL first: the validator reports it like a broken sequence */
        gunichar ch = s[i] == 0 ? 0 : g_utf8_get_char_validated((const gchar *)s + i, (gssize)(n - i));
        gsize len;
        gboolean ok;

        if (ch == (gunichar)-1 || ch == (gunichar)-2) {
            ok = put(out, cap, &o, "\xEF\xBF\xBD", 3);   /* U+FFFD for each bad byte */
            len = 1;
        } else if ((ch < 0x20 && ch != '\t') || ch == 0x7F) {
            g_snprintf(esc, sizeof esc, "\\x%02X", (guint)ch);
            ok = put(out, cap, &o, esc, 4);
            len = 1;
        } else if (ch >= 0x80 && ch <= 0x9F) {
            g_snprintf(esc, sizeof esc, "\\u%04X", (guint)ch);   /* C1 controls (CSI ...) */
            ok = put(out, cap, &o, esc, 6);
            len = 2;
        } else {
            len = (gsize)g_unichar_to_utf8(ch, NULL);
            ok = put(out, cap, &o, (const char *)s + i, len);
        }
        if (!ok)
            break;
        i += len;
    }
    out[o] = '\0';
    return o;
}

gboolean
ocslog_date_valid(int year, int month, int day)
{
    static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    /* logs of these products cannot predate the epoch; pcapng times are unsigned */
    if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days[month - 1])
        return FALSE;
    if (month == 2 && day == 29)
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return TRUE;
}

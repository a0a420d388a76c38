/* The hosting program's command line: is it a tshark, reading in one pass or
 * two, and what does it show? */
#include <string.h>

#include "host-args.h"

/* tshark 4.0's short options that take an argument (its option string is
 * "+2a:b:B:c:Df:i:ILps:y:d:K:nN:t:u:M:C:e:E:F:gG:hH:j:J:lo:O:PqQr:R:S:T:U:vVw:W:xX:Y:z:"). */
static const char SHORT_WITH_ARG[] = "abBcfisydKNtuMCeEFGHjJoOrRSTUwWXYz";

/* Its long options, as "--name value" or "--name=value" when they take one. */
static const char *const LONG_WITH_ARG[] = {
    "autostop", "buffer-size", "capture-comment", "disable-heuristic", "disable-protocol",
    "display-filter", "elastic-mapping-filter", "enable-heuristic", "enable-protocol",
    "export-objects", "export-tls-session-keys", "interface", "linktype", "log-debug",
    "log-domains", "log-fatal", "log-file", "log-level", "log-noisy", "read-file", "read-filter",
    "ring-buffer", "snapshot-length", "temp-dir", "time-stamp-type",
};
static const char *const LONG_WITHOUT_ARG[] = {
    "color", "help", "list-data-link-types", "list-interfaces", "list-time-stamp-types",
    "monitor-mode", "no-duplicate-keys", "no-promiscuous-mode", "print", "version",
};

static gboolean
in_list(const char *name, gsize len, const char *const *list, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (strlen(list[i]) == len && strncmp(list[i], name, len) == 0)
            return TRUE;
    return FALSE;
}

static gboolean
names_tshark(const char *arg0)
{
    const char *base = strrchr(arg0, '/');
    base = base ? base + 1 : arg0;
    return strcmp(base, "tshark") == 0;
}

/* Options that show, color, export or filter single packets, or run a script. */
static const char SHORT_VIEWS[] = "VOPTexjJYUXG";
static const char *const LONG_VIEWS[] = { "color", "display-filter", "export-objects", "print" };

gboolean
msocs_args_read_tshark(int argc, const char *const *argv, msocs_host_args *out)
{
    memset(out, 0, sizeof *out);
    if (argc < 1 || argv == NULL || argv[0] == NULL || !names_tshark(argv[0]))
        return FALSE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a == NULL)
            return FALSE;
        /* tshark reads no options after the first other argument, but the
         * rest is looked at too: an argument may have been cut in place
         * ("-E occurrence=a" becomes two) before the line is read */
        if (a[0] != '-' || a[1] == '\0' || strcmp(a, "--") == 0)
            continue;
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            gsize len = eq ? (gsize)(eq - name) : strlen(name);
            if (in_list(name, len, LONG_VIEWS, G_N_ELEMENTS(LONG_VIEWS)))
                out->views = TRUE;
            if (in_list(name, len, LONG_WITH_ARG, G_N_ELEMENTS(LONG_WITH_ARG))) {
                if (eq == NULL)
                    i++;            /* its value is the next argument */
            } else if (!in_list(name, len, LONG_WITHOUT_ARG, G_N_ELEMENTS(LONG_WITHOUT_ARG)) || eq != NULL) {
                return FALSE;       /* unknown (or abbreviated): cannot tell where its value is */
            }
            continue;
        }
        for (const char *p = a + 1; *p != '\0'; p++) {
            if (*p == '2')
                out->two_pass = TRUE;
            else if (*p == 'z')
                out->statistics = TRUE;
            else if (*p == 'q' || *p == 'Q')
                out->quiet = TRUE;
            if (strchr(SHORT_VIEWS, *p) != NULL)
                out->views = TRUE;
            if (strchr(SHORT_WITH_ARG, *p) != NULL) {
                if (p[1] == '\0')
                    i++;            /* "-r file" */
                break;              /* "-rfile": the rest is the value */
            }
        }
    }
    return TRUE;
}

gboolean
msocs_args_statistic(int argc, const char *const *argv, const char *prefix)
{
    for (int i = 1; i < argc && argv != NULL && argv[i] != NULL; i++) {
        const char *z = NULL;
        if (strcmp(argv[i], "-z") == 0 && i + 1 < argc)
            z = argv[i + 1];
        else if (strncmp(argv[i], "-z", 2) == 0)
            z = argv[i] + 2;
        if (z != NULL && g_str_has_prefix(z, prefix))
            return TRUE;
    }
    return FALSE;
}

char **
msocs_args_split(const char *bytes, gsize len, int *argc_out)
{
    GPtrArray *args = g_ptr_array_new();
    gsize start = 0;

    for (gsize i = 0; bytes != NULL && i < len; i++) {
        if (bytes[i] == '\0') {
            g_ptr_array_add(args, g_strndup(bytes + start, i - start));
            start = i + 1;
        }
    }
    if (bytes != NULL && start < len)  /* a last argument without its NUL */
        g_ptr_array_add(args, g_strndup(bytes + start, len - start));
    *argc_out = (int)args->len;
    g_ptr_array_add(args, NULL);
    return (char **)g_ptr_array_free(args, FALSE);
}

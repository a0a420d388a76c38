/* Driver for the fuzz targets when libFuzzer is not available (gcc builds):
 * replays every file given on the command line (seed corpora), then mutates
 * them at random for a time budget. No coverage guidance: this is the smoke
 * run of the normal test suite; the long runs use clang's libFuzzer.
 *
 *   fuzz_x [-t seconds] [-s seed] file-or-dir...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_INPUT 65536

static GPtrArray *seeds;

static void
add_seed(const char *path)
{
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        GDir *d = g_dir_open(path, 0, NULL);
        const char *name;
        while (d && (name = g_dir_read_name(d)) != NULL) {
            char *p = g_build_filename(path, name, NULL);
            add_seed(p);
            g_free(p);
        }
        if (d)
            g_dir_close(d);
        return;
    }
    gchar *buf;
    gsize len;
    if (g_file_get_contents(path, &buf, &len, NULL))
        g_ptr_array_add(seeds, g_bytes_new_take(buf, MIN(len, FUZZ_MAX_INPUT)));
}

static void
mutate(GRand *r, guint8 *buf, gsize *len)
{
    int n = g_rand_int_range(r, 1, 8);
    while (n--) {
        switch (g_rand_int_range(r, 0, 6)) {
        case 0: /* flip a byte */
            if (*len)
                buf[g_rand_int_range(r, 0, (gint32)*len)] ^= (guint8)g_rand_int_range(r, 1, 256);
            break;
        case 1: /* interesting byte */
            if (*len) {
                static const guint8 interesting[] = { 0, 0xff, 0x7f, 0x80, '"', ';', '=', '\\', '\r', '\n', ' ', '<', '>', '/', ':' };
                buf[g_rand_int_range(r, 0, (gint32)*len)] = interesting[g_rand_int_range(r, 0, sizeof interesting)];
            }
            break;
        case 2: /* truncate */
            if (*len)
                *len = g_rand_int_range(r, 0, (gint32)*len);
            break;
        case 3: /* duplicate a chunk */
            if (*len && *len < FUZZ_MAX_INPUT / 2) {
                gsize off = g_rand_int_range(r, 0, (gint32)*len);
                gsize want = (gsize)g_rand_int_range(r, 1, 64); /* MIN() evaluates twice */
                gsize cnt = MIN(*len - off, want);
                memmove(buf + off + cnt, buf + off, *len - off);
                *len += cnt;
            }
            break;
        case 4: /* delete a chunk */
            if (*len > 1) {
                gsize off = g_rand_int_range(r, 0, (gint32)*len);
                gsize want = (gsize)g_rand_int_range(r, 1, 16);
                gsize cnt = MIN(*len - off, want);
                memmove(buf + off, buf + off + cnt, *len - off - cnt);
                *len -= cnt;
            }
            break;
        default: /* random 16-bit value (lengths in binary formats) */
            if (*len >= 2) {
                gsize off = g_rand_int_range(r, 0, (gint32)*len - 1);
                guint16 v = (guint16)g_rand_int(r);
                memcpy(buf + off, &v, 2);
            }
            break;
        }
    }
}

int
main(int argc, char **argv)
{
    double budget = 10;
    guint32 seed = 1;
    guint64 execs = 0;
    int i;

    seeds = g_ptr_array_new();
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
            budget = atof(argv[++i]);
        else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
            seed = (guint32)strtoul(argv[++i], NULL, 10);
        else
            add_seed(argv[i]);
    }
    if (seeds->len == 0)
        g_ptr_array_add(seeds, g_bytes_new_static("", 0));

    for (i = 0; i < (int)seeds->len; i++) {
        gsize len;
        const guint8 *d = g_bytes_get_data(seeds->pdata[i], &len);
        guint8 *copy = g_memdup2(d, len ? len : 1); /* exact-size copy: ASan sees overreads */
        LLVMFuzzerTestOneInput(copy, len);
        g_free(copy);
        execs++;
    }

    GRand *r = g_rand_new_with_seed(seed);
    GTimer *t = g_timer_new();
    guint8 *work = g_malloc(FUZZ_MAX_INPUT);
    while (g_timer_elapsed(t, NULL) < budget) {
        gsize len;
        const guint8 *d = g_bytes_get_data(seeds->pdata[g_rand_int_range(r, 0, seeds->len)], &len);
        memcpy(work, d, len);
        mutate(r, work, &len);
        guint8 *exact = g_memdup2(work, len ? len : 1);
        LLVMFuzzerTestOneInput(exact, len);
        g_free(exact);
        execs++;
    }
    printf("%s: %" G_GUINT64_FORMAT " executions in %.1f s, %u seeds, no crash\n",
           argv[0], execs, g_timer_elapsed(t, NULL), seeds->len);
    fflush(stdout);
    g_free(work);
    g_timer_destroy(t);
    g_rand_free(r);
    g_ptr_array_set_free_func(seeds, (GDestroyNotify)g_bytes_unref);
    g_ptr_array_free(seeds, TRUE);
    return 0;
}

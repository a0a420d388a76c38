/* Unit tests for the ms-diagnostics parser and ErrorId tables (epan-extra). */
#include <glib.h>
#include <string.h>

#include "msdiag-parse.h"
#include "msdiag-codes.h"

typedef struct {
    const guint8 *buf;
    GPtrArray *names;  /* char* */
    GPtrArray *values; /* char* (unescaped) or NULL when no '=' */
    GArray *quoted;    /* gboolean */
    GArray *typo;      /* gboolean: typographic quotes */
} collected;

static void
collect(const msdiag_param *p, void *user)
{
    collected *c = (collected *)user;
    g_ptr_array_add(c->names, g_strndup((const char *)c->buf + p->name.off, p->name.len));
    if (p->has_value) {
        guint8 *tmp = g_malloc(p->value.len + 1);
        gsize n = msdiag_value_text(c->buf, p, tmp);
        g_ptr_array_add(c->values, g_strndup((const char *)tmp, n));
        g_free(tmp);
    } else {
        g_ptr_array_add(c->values, NULL);
    }
    g_array_append_val(c->quoted, p->quoted);
    g_array_append_val(c->typo, p->typo_quoted);
}

static collected *
parse(const char *text, gsize len, msdiag_header *h)
{
    collected *c = g_new0(collected, 1);
    c->buf = (const guint8 *)text;
    c->names = g_ptr_array_new_with_free_func(g_free);
    c->values = g_ptr_array_new_with_free_func(g_free);
    c->quoted = g_array_new(FALSE, FALSE, sizeof(gboolean));
    c->typo = g_array_new(FALSE, FALSE, sizeof(gboolean));
    msdiag_parse((const guint8 *)text, len, h, collect, c);
    return c;
}

static void
collected_free(collected *c)
{
    g_ptr_array_free(c->names, TRUE);
    g_ptr_array_free(c->values, TRUE);
    g_array_free(c->quoted, TRUE);
    g_array_free(c->typo, TRUE);
    g_free(c);
}

#define NAME(c, i)  ((const char *)g_ptr_array_index((c)->names, (i)))
#define VALUE(c, i) ((const char *)g_ptr_array_index((c)->values, (i)))

static void
test_typical(void)
{
    const char *s = "9006;source=\"edge-int.contoso.com\";reason=\"Forbidden\";"
                    "component=\"Media Relay Authentication Service\"";
    msdiag_header h;
    collected *c = parse(s, strlen(s), &h);

    g_assert_true(h.has_code);
    g_assert_cmpuint(h.code, ==, 9006);
    g_assert_cmpuint(h.code_span.off, ==, 0);
    g_assert_cmpuint(h.code_span.len, ==, 4);
    g_assert_false(h.has_subcode);
    g_assert_cmpuint(h.flags, ==, 0);
    g_assert_cmpuint(h.n_params, ==, 3);
    g_assert_cmpstr(NAME(c, 0), ==, "source");
    g_assert_cmpstr(VALUE(c, 0), ==, "edge-int.contoso.com");
    g_assert_cmpstr(NAME(c, 1), ==, "reason");
    g_assert_cmpstr(VALUE(c, 1), ==, "Forbidden");
    g_assert_cmpstr(NAME(c, 2), ==, "component");
    g_assert_cmpstr(VALUE(c, 2), ==, "Media Relay Authentication Service");
    g_assert_true(g_array_index(c->quoted, gboolean, 2));
    collected_free(c);
}

static void
test_subcode_tokens_and_order(void)
{
    const char *s = "  4003.12 ; reason=\"From URI not enabled; see policy, really\" ;appName=InboundRouting;flag";
    msdiag_header h;
    collected *c = parse(s, strlen(s), &h);

    g_assert_cmpuint(h.flags, ==, 0);
    g_assert_cmpuint(h.code, ==, 4003);
    g_assert_true(h.has_subcode);
    g_assert_cmpuint(h.subcode, ==, 12);
    g_assert_cmpuint(h.subcode_span.off, ==, 7);
    g_assert_cmpuint(h.n_params, ==, 3);
    g_assert_cmpstr(VALUE(c, 0), ==, "From URI not enabled; see policy, really");
    g_assert_cmpstr(NAME(c, 1), ==, "appName");
    g_assert_cmpstr(VALUE(c, 1), ==, "InboundRouting");
    g_assert_false(g_array_index(c->quoted, gboolean, 1));
    g_assert_cmpstr(NAME(c, 2), ==, "flag");
    g_assert_null(VALUE(c, 2));
    collected_free(c);
}

static void
test_escapes_and_folding(void)
{
    const char *s = "3080;reason=\"Internal Error: \\\"AddUser\\\" failed\"\r\n\t;source=\"fe01.contoso.com\"";
    msdiag_header h;
    collected *c = parse(s, strlen(s), &h);

    g_assert_cmpuint(h.flags, ==, 0);
    g_assert_cmpuint(h.code, ==, 3080);
    g_assert_cmpuint(h.n_params, ==, 2);
    g_assert_cmpstr(VALUE(c, 0), ==, "Internal Error: \"AddUser\" failed");
    g_assert_cmpstr(VALUE(c, 1), ==, "fe01.contoso.com");
    collected_free(c);
}

/* Real headers (captures/make_msdiag_real.py names their sources): RFC 3261
 * folding inside a quoted value reads as one space, whatever white space
 * surrounds the line break; a folded token value too. */
static void
test_fold_inside_quotes(void)
{
    const char *s = "1034;reason=\"Previous hop federated peer did not report\r\n"
                    " diagnostic information\";Domain=\"fabrikam.com\";"
                    "x=\"a \t\r\n\t  b\r\n c\";tok=one\r\n two";
    msdiag_header h;
    collected *c = parse(s, strlen(s), &h);

    g_assert_cmpuint(h.flags, ==, 0);
    g_assert_cmpuint(h.n_params, ==, 4);
    g_assert_cmpstr(VALUE(c, 0), ==, "Previous hop federated peer did not report diagnostic information");
    g_assert_cmpstr(VALUE(c, 1), ==, "fabrikam.com");
    g_assert_cmpstr(VALUE(c, 2), ==, "a b c");
    g_assert_cmpstr(VALUE(c, 3), ==, "one two");
    collected_free(c);
}

/* Typographic quotes (as published on ucsorted.com) are read like '"' and
 * reported; either form closes either. */
static void
test_typographic_quotes(void)
{
    const char *s = "25; reason=\xE2\x80\x9D" "A federated call failed; both internal\xE2\x80\x9D; "
                    "UserType=\xE2\x80\x9C" "Callee\"; MediaType=\"audio\"";
    msdiag_header h;
    collected *c = parse(s, strlen(s), &h);

    g_assert_cmpuint(h.flags, ==, 0);
    g_assert_cmpuint(h.code, ==, 25);
    g_assert_cmpuint(h.n_params, ==, 3);
    g_assert_cmpstr(VALUE(c, 0), ==, "A federated call failed; both internal");
    g_assert_true(g_array_index(c->typo, gboolean, 0));
    g_assert_cmpstr(VALUE(c, 1), ==, "Callee");
    g_assert_true(g_array_index(c->typo, gboolean, 1));
    g_assert_cmpstr(VALUE(c, 2), ==, "audio");
    g_assert_false(g_array_index(c->typo, gboolean, 2));
    g_assert_true(g_array_index(c->quoted, gboolean, 2));
    collected_free(c);

    /* an unterminated typographic quote is reported like a plain one */
    s = "25;reason=\xE2\x80\x9Cno end";
    c = parse(s, strlen(s), &h);
    g_assert_cmpuint(h.flags, ==, MSDIAG_F_UNTERMINATED_QUOTE);
    g_assert_cmpuint(h.first_problem.off, ==, 10);
    g_assert_cmpstr(VALUE(c, 0), ==, "no end");
    collected_free(c);
}

static void
test_client_tables(void)
{
    /* client ids are looked up in their own table, never in the server one */
    g_assert_nonnull(msdiag_lookup(1003));
    g_assert_null(msdiag_client_lookup(1003));
    g_assert_null(msdiag_client_range_component(1003));
    g_assert_null(msdiag_client_lookup(52031));
    /* the same number in both tables means different things */
    g_assert_nonnull(msdiag_client_lookup(23));
    g_assert_null(msdiag_lookup(23));
    g_assert_cmpint(msdiag_client_lookup(51007)->severity, ==, MSDIAG_SEV_INFO);
    g_assert_cmpint(msdiag_client_lookup(52017)->severity, ==, MSDIAG_SEV_FAILURE);
    /* no public source gives the client ranges */
    g_assert_cmpuint(msdiag_client_ranges_count, ==, 0);
    g_assert_null(msdiag_client_range_component(52017));
}

static void
test_empty_values(void)
{
    const char *s = "1003;reason=;source=\"\";;";
    msdiag_header h;
    collected *c = parse(s, strlen(s), &h);

    g_assert_cmpuint(h.flags, ==, 0);
    g_assert_cmpuint(h.n_params, ==, 2);
    g_assert_cmpstr(VALUE(c, 0), ==, "");
    g_assert_cmpstr(VALUE(c, 1), ==, "");
    collected_free(c);
}

static void
test_malformed(void)
{
    msdiag_header h;
    collected *c;

    /* no code: the parameters are still decoded */
    c = parse("reason=\"x\";source=y", 19, &h);
    g_assert_false(h.has_code);
    g_assert_true(h.flags & MSDIAG_F_NO_CODE);
    g_assert_cmpuint(h.n_params, ==, 2);
    g_assert_cmpstr(NAME(c, 0), ==, "reason");
    g_assert_cmpstr(VALUE(c, 1), ==, "y");
    collected_free(c);

    /* non-numeric code: flagged, the rest decoded */
    c = parse("30a0;reason=\"x\"", 15, &h);
    g_assert_true(h.flags & MSDIAG_F_CODE_NOT_NUMERIC);
    g_assert_false(h.has_code);
    g_assert_cmpuint(h.n_params, ==, 1);
    g_assert_cmpstr(VALUE(c, 0), ==, "x");
    collected_free(c);

    /* unterminated quote runs to the end */
    c = parse("1000;reason=\"never closed;source=x", 34, &h);
    g_assert_true(h.flags & MSDIAG_F_UNTERMINATED_QUOTE);
    g_assert_cmpuint(h.n_params, ==, 1);
    g_assert_cmpstr(VALUE(c, 0), ==, "never closed;source=x");
    collected_free(c);

    /* junk after a quoted value, then recovery at the next ';' */
    c = parse("1000;reason=\"a\" junk;source=b", 29, &h);
    g_assert_true(h.flags & MSDIAG_F_JUNK);
    g_assert_cmpuint(h.first_problem.off, ==, 16);
    g_assert_cmpuint(h.n_params, ==, 2);
    g_assert_cmpstr(VALUE(c, 1), ==, "b");
    collected_free(c);

    /* overflow */
    c = parse("99999999999;reason=x", 20, &h);
    g_assert_true(h.flags & MSDIAG_F_CODE_OVERFLOW);
    g_assert_cmpuint(h.code, ==, G_MAXUINT32);
    collected_free(c);

    /* name missing */
    c = parse("1;=x", 4, &h);
    g_assert_true(h.flags & MSDIAG_F_EMPTY_NAME);
    collected_free(c);

    /* NUL byte and trailing backslash */
    c = parse("1;reason=\"a\0b\\", 14, &h);
    g_assert_true(h.flags & MSDIAG_F_NUL);
    g_assert_true(h.flags & MSDIAG_F_BAD_ESCAPE);
    g_assert_true(h.flags & MSDIAG_F_UNTERMINATED_QUOTE);
    collected_free(c);

    /* empty input */
    c = parse("", 0, &h);
    g_assert_true(h.flags & MSDIAG_F_NO_CODE);
    g_assert_cmpuint(h.n_params, ==, 0);
    collected_free(c);
}

static void
test_hostile_sizes(void)
{
    GString *s = g_string_new("1;");
    msdiag_header h;
    collected *c;

    for (int i = 0; i < 1000; i++)
        g_string_append_printf(s, "p%d=v%d;", i, i);
    c = parse(s->str, s->len, &h);
    g_assert_cmpuint(h.n_params, ==, 1000);
    g_assert_cmpuint(c->names->len, ==, MSDIAG_MAX_PARAMS);
    g_assert_true(h.flags & MSDIAG_F_TOO_MANY_PARAMS);
    g_assert_cmpstr(NAME(c, MSDIAG_MAX_PARAMS - 1), ==, "p255");
    collected_free(c);

    g_string_assign(s, "2;reason=\"");
    for (int i = 0; i < 10000; i++)
        g_string_append_c(s, 'A' + i % 26);
    g_string_append(s, "\"");
    c = parse(s->str, s->len, &h);
    g_assert_cmpuint(h.flags, ==, 0);
    g_assert_cmpuint(strlen(VALUE(c, 0)), ==, 10000);
    collected_free(c);
    g_string_free(s, TRUE);
}

static void
test_tables(void)
{
    const msdiag_errorid *e;

    g_assert_true(msdiag_tables_valid());
    g_assert_cmpuint(msdiag_errorids_count, >=, 93);
    e = msdiag_lookup(1003);
    g_assert_nonnull(e);
    g_assert_cmpstr(e->meaning, ==, "User does not exist.");
    g_assert_cmpint(e->severity, ==, MSDIAG_SEV_FAILURE);
    e = msdiag_lookup(9006);
    g_assert_nonnull(e);
    g_assert_nonnull(strstr(e->meaning, "Media Relay Authentication Service"));
    e = msdiag_lookup(21000);
    g_assert_nonnull(e);
    g_assert_cmpint(e->severity, ==, MSDIAG_SEV_INFO);
    e = msdiag_lookup(25008);   /* a known id in a range no source names */
    g_assert_nonnull(e);
    g_assert_cmpint(e->severity, ==, MSDIAG_SEV_INFO);
    g_assert_null(msdiag_range_component(25008));
    g_assert_null(msdiag_lookup(5));
    g_assert_null(msdiag_lookup(G_MAXUINT32));
    g_assert_cmpstr(msdiag_range_component(0), ==, "Common (SIP stack, User Services modules)");
    g_assert_cmpstr(msdiag_range_component(9999), ==, "Media Relay Authentication Service (A/V Edge)");
    g_assert_cmpstr(msdiag_range_component(90500), ==, "Public IM connectivity (PIC)");
    g_assert_null(msdiag_range_component(19000));
    g_assert_null(msdiag_range_component(G_MAXUINT32));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/msdiag/typical", test_typical);
    g_test_add_func("/msdiag/subcode-tokens-order", test_subcode_tokens_and_order);
    g_test_add_func("/msdiag/escapes-folding", test_escapes_and_folding);
    g_test_add_func("/msdiag/empty-values", test_empty_values);
    g_test_add_func("/msdiag/fold-inside-quotes", test_fold_inside_quotes);
    g_test_add_func("/msdiag/typographic-quotes", test_typographic_quotes);
    g_test_add_func("/msdiag/client-tables", test_client_tables);
    g_test_add_func("/msdiag/malformed", test_malformed);
    g_test_add_func("/msdiag/hostile-sizes", test_hostile_sizes);
    g_test_add_func("/msdiag/tables", test_tables);
    return g_test_run();
}

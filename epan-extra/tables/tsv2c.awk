# Turns a checked-in TSV table into a C array initialiser.
# Usage: awk -F'\t' -v name=SYMBOL -v types=u,e:PREFIX_,s,s -f tsv2c.awk in.tsv > out.c
#   u = unsigned number, s = C string, e:P = enumerator P<VALUE upper-cased>,
#   x = a column for readers only (e.g. where a value comes from), not emitted.
# The first line (column names) is skipped; empty lines and lines starting with '#' too.
# A table without rows gets one zeroed placeholder element and a count of 0.
function cstr(s) {
    gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s)
    return "\"" s "\""
}
BEGIN {
    nt = split(types, t, ",")
    np = split(ARGV[1], p, "/"); printf "/* Generated from %s by tsv2c.awk. Do not edit; edit the TSV. */\n", p[np]
    printf "#include \"%s.h\"\n\n", header
    printf "const %s %s[] = {\n", type, name
}
NR == 1 || /^#/ || /^[ \t]*$/ { next }
{
    sub(/\r$/, "")
    if (NF != nt) { printf "%s:%d: expected %d columns, got %d\n", FILENAME, NR, nt, NF > "/dev/stderr"; bad = 1; exit 1 }
    line = "    { "
    sep = ""
    for (i = 1; i <= nt; i++) {
        v = $i
        if (t[i] == "x")
            continue
        line = line sep
        sep = ", "
        if (t[i] == "u") {
            if (v !~ /^[0-9]+$/) { printf "%s:%d: column %d is not a number\n", FILENAME, NR, i > "/dev/stderr"; bad = 1; exit 1 }
            line = line v "u"
        } else if (t[i] == "s") {
            line = line cstr(v)
        } else if (t[i] ~ /^e:/) {
            line = line substr(t[i], 3) toupper(v)
        }
    }
    print line " },"
    n++
}
END {
    if (bad) exit 1
    if (n == 0) print "    { 0 },   /* no rows: keeps the array valid C; the count says 0 */"
    printf "};\nconst unsigned %s_count = %d;\n", name, n
}

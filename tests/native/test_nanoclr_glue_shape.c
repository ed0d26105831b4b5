/*
 * test_nanoclr_glue_shape.c - the nanoCLR glue (native-interop/nanoclr/lk_nanoclr_rtc_native.cpp)
 * against its managed side (firmware/LiveKit/Device/Rtc/DeviceRtcNative.cs). The glue cannot be
 * compiled here (no nanoCLR headers, no ESP-IDF), so this test reads both files as text and checks
 * what would otherwise only fail on the device build or, worse, at boot:
 *   - every InternalCall method of DeviceRtcNative.cs has a definition in the glue, in declaration
 *     order, named as the MetadataProcessor names it (Library_<assembly>_<namespace>_<class>::
 *     <Name>___STATIC__<ret>__<arg>..., e.g. Create___STATIC__I4__STRING__STRING__BOOLEAN__I4__I4),
 *     and the glue defines no other method of that class;
 *   - the assembly name comes from LiveKit.nfproj, the namespace and class from the C# file;
 *   - each definition (with the static helpers it passes the stack frame to) reads exactly the
 *     managed arguments, each with the accessor its type needs (int: LkArgInt / NumericByRef().s4,
 *     bool: LkArgBool / NumericByRef().u1, string: RecoverString, arrays: DereferenceArray), and
 *     sets an I4 result when the method returns int;
 *   - no method takes ref/out parameters (nanoFramework does not marshal them back);
 *   - the driver name of the NativeEventDispatcher (DeviceRtcEvents.cs) is the one the glue
 *     registers, and FindINTEROP-LiveKit.cmake appends that record to the interop table;
 *   - both glue files compile (C++ compiler, -Werror) against a LiveKit.h generated here from the
 *     C# declarations as the MetadataProcessor would write it and the stand-in nanoCLR/FreeRTOS
 *     headers in test_nanoclr_standin/ (skipped when no C++ compiler is found; CXX selects one).
 * A change on one side without the other fails here.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_util.h"

#ifndef LK_REPO_DIR
#define LK_REPO_DIR "."
#endif

#define MAX_METHODS 64
#define MAX_PARAMS 12
#define NAME_MAX_LEN 256
#define NATIVE_MAX_LEN 512
#define KLASS_MAX_LEN 600

typedef struct {
    char name[NAME_MAX_LEN];      /* the managed method name */
    char native[NATIVE_MAX_LEN];  /* the MetadataProcessor's name */
    int param_count;
    char param_type[MAX_PARAMS][32]; /* I4, BOOLEAN, STRING, SZARRAY_U1, ... */
    int returns_i4;
} cs_method_t;

/* Bounded string copy and append (truncating; the inputs here are short). */
static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void append(char *dst, size_t cap, const char *src)
{
    size_t used = strlen(dst);
    if (used + 1 < cap) {
        copy_str(dst + used, cap - used, src);
    }
}

static char *read_file(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", LK_REPO_DIR, rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

/* The MetadataProcessor's name of a C# type (NativeMethodsCrc.GetParameterType); NULL: not one a
 * native method of ours may use. */
static const char *clr_type(const char *cs)
{
    static const struct { const char *cs; const char *clr; } map[] = {
        {"int", "I4"}, {"uint", "U4"}, {"short", "I2"}, {"ushort", "U2"}, {"long", "I8"},
        {"ulong", "U8"}, {"byte", "U1"}, {"sbyte", "I1"}, {"bool", "BOOLEAN"}, {"char", "CHAR"},
        {"float", "R4"}, {"double", "R8"}, {"string", "STRING"}, {"void", "VOID"},
        {"int[]", "SZARRAY_I4"}, {"byte[]", "SZARRAY_U1"}, {"uint[]", "SZARRAY_U4"},
        {"short[]", "SZARRAY_I2"}, {"ushort[]", "SZARRAY_U2"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(map[i].cs, cs) == 0) {
            return map[i].clr;
        }
    }
    return NULL;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) {
        s[--n] = '\0';
    }
    size_t k = 0;
    while (s[k] != '\0' && isspace((unsigned char)s[k])) {
        k++;
    }
    memmove(s, s + k, strlen(s + k) + 1);
}

/* Copies the token that starts after `key` (identifier characters and dots) into out. */
static int word_after(const char *text, const char *key, char *out, size_t cap)
{
    const char *p = strstr(text, key);
    if (p == NULL) {
        return 0;
    }
    p += strlen(key);
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    size_t n = 0;
    while ((isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '.') && n + 1 < cap) {
        out[n] = p[n];
        n++;
    }
    out[n] = '\0';
    return n > 0;
}

/* Parses the InternalCall methods of the C# file in declaration order. */
static int parse_cs(const char *cs, cs_method_t *m, int max)
{
    static const char attr[] = "[MethodImpl(MethodImplOptions.InternalCall)]";
    int count = 0;
    const char *p = cs;
    while ((p = strstr(p, attr)) != NULL && count < max) {
        p += strlen(attr);
        const char *ext = strstr(p, "static extern ");
        const char *semi = ext != NULL ? strchr(ext, ';') : NULL;
        if (ext == NULL || semi == NULL) {
            fprintf(stderr, "InternalCall attribute without a static extern declaration\n");
            return -1;
        }
        char decl[1024];
        const char *d = ext + strlen("static extern ");
        size_t len = (size_t)(semi - d);
        if (len >= sizeof decl) {
            return -1;
        }
        memcpy(decl, d, len);
        decl[len] = '\0';
        /* "<ret> <Name>(<params>)" */
        char *open = strchr(decl, '(');
        char *close = strrchr(decl, ')');
        if (open == NULL || close == NULL || close < open) {
            return -1;
        }
        *open = '\0';
        *close = '\0';
        char head[1024];
        copy_str(head, sizeof head, decl);
        trim(head);
        char *sp = strrchr(head, ' ');
        if (sp == NULL) {
            return -1;
        }
        *sp = '\0';
        cs_method_t *mm = &m[count];
        memset(mm, 0, sizeof *mm);
        copy_str(mm->name, sizeof mm->name, sp + 1);
        char ret[1024];
        copy_str(ret, sizeof ret, head);
        trim(ret);
        const char *ret_clr = clr_type(ret);
        if (ret_clr == NULL) {
            fprintf(stderr, "%s: unsupported return type '%s'\n", mm->name, ret);
            return -1;
        }
        mm->returns_i4 = strcmp(ret_clr, "I4") == 0;
        char native[NATIVE_MAX_LEN];
        copy_str(native, sizeof native, mm->name);
        append(native, sizeof native, "___STATIC__");
        append(native, sizeof native, ret_clr);

        char *params = open + 1;
        char *save = NULL;
        for (char *tok = strtok_r(params, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
            char param[256];
            copy_str(param, sizeof param, tok);
            trim(param);
            if (param[0] == '\0') {
                continue;
            }
            if (strncmp(param, "ref ", 4) == 0 || strncmp(param, "out ", 4) == 0) {
                fprintf(stderr, "%s: ref/out parameter '%s' (not marshalled back by nanoFramework)\n", mm->name, param);
                return -1;
            }
            char *name_sp = strrchr(param, ' ');
            if (name_sp == NULL || mm->param_count >= MAX_PARAMS) {
                return -1;
            }
            *name_sp = '\0';
            trim(param);
            const char *t = clr_type(param);
            if (t == NULL) {
                fprintf(stderr, "%s: unsupported parameter type '%s'\n", mm->name, param);
                return -1;
            }
            copy_str(mm->param_type[mm->param_count++], sizeof mm->param_type[0], t);
            append(native, sizeof native, "__");
            append(native, sizeof native, t);
        }
        copy_str(mm->native, sizeof mm->native, native);
        count++;
        p = semi;
    }
    return count;
}

/* Finds "<prefix>" occurrences that begin a definition "HRESULT <prefix><name>(CLR_RT_StackFrame"
 * and returns the names in order. */
static int parse_cpp_definitions(const char *cpp, const char *klass, char names[][NAME_MAX_LEN], int max)
{
    char key[KLASS_MAX_LEN + 16];
    copy_str(key, sizeof key, "HRESULT ");
    append(key, sizeof key, klass);
    append(key, sizeof key, "::");
    int count = 0;
    const char *p = cpp;
    while ((p = strstr(p, key)) != NULL && count < max) {
        p += strlen(key);
        size_t n = 0;
        while ((isalnum((unsigned char)p[n]) || p[n] == '_') && n + 1 < NAME_MAX_LEN) {
            names[count][n] = p[n];
            n++;
        }
        names[count][n] = '\0';
        if (strncmp(p + n, "(CLR_RT_StackFrame &stack)", 26) != 0) {
            fprintf(stderr, "%s: not defined as (CLR_RT_StackFrame &stack)\n", names[count]);
            return -1;
        }
        count++;
    }
    return count;
}

/* The body of the function whose definition line contains `signature_part` (brace matched);
 * written into out. */
static int function_body(const char *cpp, const char *signature_part, char *out, size_t cap)
{
    const char *p = strstr(cpp, signature_part);
    if (p == NULL) {
        return 0;
    }
    const char *b = strchr(p, '{');
    if (b == NULL) {
        return 0;
    }
    int depth = 0;
    const char *e = b;
    for (; *e != '\0'; e++) {
        if (*e == '{') {
            depth++;
        } else if (*e == '}' && --depth == 0) {
            break;
        }
    }
    size_t len = (size_t)(e - b) + 1;
    if (*e == '\0' || len >= cap) {
        return 0;
    }
    memcpy(out, b, len);
    out[len] = '\0';
    return 1;
}

/* Appends to text the bodies of the static helpers the body hands the stack frame to
 * ("Helper(stack"), one level deep. */
static void add_helpers(const char *cpp, char *text, size_t cap)
{
    char body[16384];
    char own[16384];
    copy_str(own, sizeof own, text);
    const char *p = own;
    while ((p = strstr(p, "(stack")) != NULL) {
        const char *s = p;
        while (s > own && (isalnum((unsigned char)s[-1]) || s[-1] == '_')) {
            s--;
        }
        char name[128];
        size_t n = (size_t)(p - s);
        p++;
        if (n == 0 || n >= sizeof name) {
            continue;
        }
        memcpy(name, s, n);
        name[n] = '\0';
        char sig[200];
        copy_str(sig, sizeof sig, "static int ");
        append(sig, sizeof sig, name);
        append(sig, sizeof sig, "(CLR_RT_StackFrame &stack");
        if (function_body(cpp, sig, body, sizeof body) && strlen(text) + strlen(body) + 1 < cap) {
            strcat(text, body);
        }
    }
}

/* The type class the glue reads managed argument `index` as, from the text of a definition:
 * "I4", "BOOLEAN", "STRING", "SZARRAY" or NULL when unused; "CONFLICT" when read two ways. */
static const char *arg_access(const char *text, int index)
{
    static const struct { const char *fmt; const char *type; } forms[] = {
        {"LkArgInt(stack.Arg%d())", "I4"},
        {"stack.Arg%d().NumericByRef().s4", "I4"},
        {"LkArgBool(stack.Arg%d())", "BOOLEAN"},
        {"stack.Arg%d().NumericByRef().u1", "BOOLEAN"},
        {"stack.Arg%d().RecoverString()", "STRING"},
        {"stack.Arg%d().DereferenceArray()", "SZARRAY"},
    };
    const char *found = NULL;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, forms[i].fmt, index);
        if (strstr(text, needle) != NULL) {
            if (found != NULL && strcmp(found, forms[i].type) != 0) {
                return "CONFLICT";
            }
            found = forms[i].type;
        }
    }
    if (found == NULL) {
        char any[32];
        snprintf(any, sizeof any, "stack.Arg%d()", index);
        if (strstr(text, any) != NULL) {
            return "UNKNOWN";
        }
    }
    return found;
}

static char *s_cs;
static char *s_cpp;
static char *s_events_cs;
static char *s_events_cpp;
static char *s_cmake;
static char *s_nfproj;

static cs_method_t s_methods[MAX_METHODS];
static int s_method_count;
static char s_klass[KLASS_MAX_LEN];

static void test_files_present(void)
{
    CHECK(s_cs != NULL);
    CHECK(s_cpp != NULL);
    CHECK(s_events_cs != NULL);
    CHECK(s_events_cpp != NULL);
    CHECK(s_cmake != NULL);
    CHECK(s_nfproj != NULL);
}

static void test_class_name(void)
{
    char assembly[128], ns[256], cls[128];
    CHECK(word_after(s_nfproj, "<AssemblyName>", assembly, sizeof assembly));
    CHECK(word_after(s_cs, "namespace ", ns, sizeof ns));
    CHECK(word_after(s_cs, "static class ", cls, sizeof cls));
    /* Library_<assembly>_<namespace with '_'>_<class>, as the generated LiveKit.h declares it */
    for (char *c = ns; *c != '\0'; c++) {
        if (*c == '.') {
            *c = '_';
        }
    }
    for (char *c = assembly; *c != '\0'; c++) {
        if (*c == '.') {
            *c = '_';
        }
    }
    copy_str(s_klass, sizeof s_klass, "Library_");
    append(s_klass, sizeof s_klass, assembly);
    append(s_klass, sizeof s_klass, "_");
    append(s_klass, sizeof s_klass, ns);
    append(s_klass, sizeof s_klass, "_");
    append(s_klass, sizeof s_klass, cls);
    CHECK(strcmp(s_klass, "Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative") == 0);
    char include[160];
    snprintf(include, sizeof include, "#include \"%s.h\"", assembly);
    CHECK(strstr(s_cpp, include) != NULL);
}

static void test_methods_in_order(void)
{
    s_method_count = parse_cs(s_cs, s_methods, MAX_METHODS);
    CHECK(s_method_count > 0);
    /* every static extern carries the attribute */
    int externs = 0;
    for (const char *p = s_cs; (p = strstr(p, "static extern ")) != NULL; p++) {
        externs++;
    }
    CHECK_EQ_INT(externs, s_method_count);
    CHECK(strcmp(s_methods[0].native, "Create___STATIC__I4__STRING__STRING__BOOLEAN__I4__I4") == 0);

    static char defs[MAX_METHODS][NAME_MAX_LEN];
    int n = parse_cpp_definitions(s_cpp, s_klass, defs, MAX_METHODS);
    CHECK_EQ_INT(n, s_method_count);
    for (int i = 0; i < s_method_count && i < n; i++) {
        if (strcmp(defs[i], s_methods[i].native) != 0) {
            fprintf(stderr, "method %d: C# %s -> expected %s, glue defines %s\n", i, s_methods[i].name,
                    s_methods[i].native, defs[i]);
            CHECK(0);
        }
    }
}

static void test_argument_types(void)
{
    for (int i = 0; i < s_method_count; i++) {
        const cs_method_t *m = &s_methods[i];
        char sig[KLASS_MAX_LEN + NATIVE_MAX_LEN + 64];
        copy_str(sig, sizeof sig, s_klass);
        append(sig, sizeof sig, "::");
        append(sig, sizeof sig, m->native);
        append(sig, sizeof sig, "(CLR_RT_StackFrame &stack)");
        static char text[65536];
        if (!function_body(s_cpp, sig, text, sizeof text)) {
            fprintf(stderr, "%s: no body found\n", m->native);
            CHECK(0);
            continue;
        }
        add_helpers(s_cpp, text, sizeof text);
        for (int a = 0; a < m->param_count; a++) {
            const char *want = m->param_type[a];
            if (strncmp(want, "SZARRAY", 7) == 0) {
                want = "SZARRAY";
            }
            const char *got = arg_access(text, a);
            if (got == NULL || strcmp(got, want) != 0) {
                fprintf(stderr, "%s: argument %d is %s in C#, the glue reads it as %s\n", m->name, a,
                        m->param_type[a], got == NULL ? "nothing (unused)" : got);
                CHECK(0);
            }
        }
        /* no argument beyond the managed ones */
        for (int a = m->param_count; a < 10; a++) {
            if (arg_access(text, a) != NULL) {
                fprintf(stderr, "%s: reads argument %d, C# has %d\n", m->name, a, m->param_count);
                CHECK(0);
            }
        }
        if (m->returns_i4) {
            CHECK(strstr(text, "stack.SetResult_I4(") != NULL);
        }
    }
}

static void test_event_driver(void)
{
    char driver[128];
    CHECK(word_after(s_events_cs, "DriverName = \"", driver, sizeof driver));
    char quoted[160];
    snprintf(quoted, sizeof quoted, "\"%s\",", driver);
    CHECK(strstr(s_events_cpp, quoted) != NULL);
    char record[200];
    snprintf(record, sizeof record, "g_CLR_AssemblyNative_%s", driver);
    CHECK(strstr(s_events_cpp, record) != NULL);
    char decl[300];
    snprintf(decl, sizeof decl, "\"extern const CLR_RT_NativeAssemblyData %s;\"", record);
    CHECK(strstr(s_cmake, decl) != NULL);
    char entry[300];
    snprintf(entry, sizeof entry, "\"&%s,\"", record);
    CHECK(strstr(s_cmake, entry) != NULL);
    CHECK(strstr(s_events_cpp, "DRIVER_INTERRUPT_METHODS_CHECKSUM") != NULL);
}

/* Writes LiveKit.h as the MetadataProcessor generates it for the parsed methods (struct with one
 * NANOCLR_NATIVE_DECLARE each) and compiles both glue files against it and the stand-in headers. */
static void test_glue_compiles(void)
{
    const char *cxx = getenv("CXX");
    if (cxx == NULL || cxx[0] == '\0') {
        cxx = "c++";
    }
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s --version >/dev/null 2>&1", cxx);
    if (system(cmd) != 0) {
        printf("skipped test_glue_compiles: no C++ compiler (%s)\n", cxx);
        return;
    }
    char dir[] = "/tmp/lk_nanoclr_glue_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char header[256];
    snprintf(header, sizeof header, "%s/LiveKit.h", dir);
    FILE *f = fopen(header, "w");
    CHECK(f != NULL);
    if (f == NULL) {
        return;
    }
    fprintf(f, "#ifndef LIVEKIT_H\n#define LIVEKIT_H\n#include <nanoCLR_Interop.h>\n#include <nanoCLR_Runtime.h>\n");
    fprintf(f, "struct %s\n{\n", s_klass);
    for (int i = 0; i < s_method_count; i++) {
        fprintf(f, "    NANOCLR_NATIVE_DECLARE(%s);\n", s_methods[i].native);
    }
    fprintf(f, "};\nextern const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_LiveKit;\n#endif\n");
    fclose(f);
    static const char *const files[] = {"lk_nanoclr_rtc_native.cpp", "lk_nanoclr_events.cpp"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(cmd, sizeof cmd,
                 "%s -std=gnu++17 -Wall -Wextra -Werror -Wshadow -Wimplicit-fallthrough -Wno-unused-parameter "
                 "-fno-exceptions -fsyntax-only -I%s -I%s/tests/native/test_nanoclr_standin "
                 "-I%s/native-interop/include -I%s/native-interop/nanoclr %s/native-interop/nanoclr/%s",
                 cxx, dir, LK_REPO_DIR, LK_REPO_DIR, LK_REPO_DIR, LK_REPO_DIR, files[i]);
        int rc = system(cmd);
        if (rc != 0) {
            fprintf(stderr, "glue does not compile: %s\n", cmd);
            CHECK(0);
        }
    }
    remove(header);
    rmdir(dir);
}

int main(void)
{
    s_cs = read_file("firmware/LiveKit/Device/Rtc/DeviceRtcNative.cs");
    s_cpp = read_file("native-interop/nanoclr/lk_nanoclr_rtc_native.cpp");
    s_events_cs = read_file("firmware/LiveKit/Device/Rtc/DeviceRtcEvents.cs");
    s_events_cpp = read_file("native-interop/nanoclr/lk_nanoclr_events.cpp");
    s_cmake = read_file("native-interop/nanoclr/FindINTEROP-LiveKit.cmake");
    s_nfproj = read_file("firmware/LiveKit/LiveKit.nfproj");
    RUN_TEST(test_files_present);
    if (s_cs == NULL || s_cpp == NULL || s_events_cs == NULL || s_events_cpp == NULL || s_cmake == NULL ||
        s_nfproj == NULL) {
        TEST_MAIN_END();
    }
    RUN_TEST(test_class_name);
    RUN_TEST(test_methods_in_order);
    RUN_TEST(test_argument_types);
    RUN_TEST(test_event_driver);
    RUN_TEST(test_glue_compiles);
    free(s_cs);
    free(s_cpp);
    free(s_events_cs);
    free(s_events_cpp);
    free(s_cmake);
    free(s_nfproj);
    TEST_MAIN_END();
}

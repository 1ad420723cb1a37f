// The valid inputs every malformed-input row starts from, built once per test run with the machine's gcc
// and ar: a freestanding object rich in structure (COMDAT group, TLS, common, merged strings and
// constants, .eh_frame), a TLS-descriptor object, an archive with a long member name, and a versioned
// shared library with the object that uses it. The rows damage copies; they never change these files.
namespace Wild.Engine.Tests.Engine.Malformed;

public sealed class MalformedInputFixture : IDisposable
{
    private const string MainSource = """
        static const char message[] = "mutated objects must fail cleanly";
        int counter = 5;
        const char *pointer = message;
        const char *greeting = "hello from a merged string";
        int common_slot;
        __thread int tls_value = 3;
        __asm__(".section .text.comdat_fn,\"axG\",@progbits,comdat_fn,comdat\n"
                ".globl comdat_fn\n.type comdat_fn,@function\ncomdat_fn:\n ret\n.previous\n");
        __attribute__((noinline)) int helper(int x) { return x + counter + (pointer[0] == 'm') + (greeting[0] == 'h') - 1; }
        __attribute__((noinline)) double scaled(double v) { return v * 3.25; }
        int tls_get(void) { return tls_value; }
        void _start(void)
        {
            int code = helper(36);
            __asm__ volatile("mov %0, %%edi\n mov $60, %%eax\n syscall" :: "r"(code) : "rdi", "rax");
            __builtin_unreachable();
        }
        """;

    // GOTPC32_TLSDESC / TLSDESC_CALL against main's tls_value: relaxed to local-exec in a static link.
    private const string TlsDescSource = """
        extern __thread int tls_value;
        int tls_desc_get(void) { return tls_value; }
        """;

    private const string ArchiveMainSource = """
        int helper_from_archive(int x);
        void _start(void)
        {
            int code = helper_from_archive(21);
            __asm__ volatile("mov %0, %%edi\n mov $60, %%eax\n syscall" :: "r"(code) : "rdi", "rax");
            __builtin_unreachable();
        }
        """;

    private const string ArchiveMemberSource = "int helper_from_archive(int x) { return 2 * x; }\n";
    private const string ShortMemberSource = "int unused_short_member(void) { return 1; }\n";

    private const string LibrarySource = """
        #include <string.h>
        int lib_value(void) { return 7; }
        int lib_len(const char *s) { return (int)strlen(s); }
        """;

    private const string VersionScript = "V1 { global: lib_value; local: *; };\nV2 { global: lib_len; } V1;\n";

    private const string DsoMainSource = """
        int lib_value(void);
        void _start(void)
        {
            int code = lib_value();
            __asm__ volatile("mov %0, %%edi\n mov $60, %%eax\n syscall" :: "r"(code) : "rdi", "rax");
            __builtin_unreachable();
        }
        """;

    /// <summary>The long member name (over 15 characters) goes through the archive's `//` table.</summary>
    public const string LongMember = "helper_member_with_a_long_name.o";
    public const string ShortMember = "short.o";

    private static readonly string[] Freestanding = ["-fno-pie", "-ffreestanding", "-fno-stack-protector", "-fasynchronous-unwind-tables"];

    private readonly Scratch _dir = new();

    public MalformedInputFixture()
    {
        Main = File.ReadAllBytes(Tools.CompileC(_dir, "main", MainSource, [.. Freestanding, "-fcommon"]));
        TlsDesc = File.ReadAllBytes(Tools.CompileC(_dir, "tlsdesc", TlsDescSource, "-fPIC", "-mtls-dialect=gnu2"));
        ArchiveMain = File.ReadAllBytes(Tools.CompileC(_dir, "amain", ArchiveMainSource, Freestanding));

        File.Move(Tools.CompileC(_dir, "member", ArchiveMemberSource, Freestanding), _dir.PathOf(LongMember));
        File.Move(Tools.CompileC(_dir, "short", ShortMemberSource, Freestanding), _dir.PathOf(ShortMember));
        Tools.Run("ar", _dir.Dir, ["rcs", "libhelper.a", ShortMember, LongMember]);
        Archive = File.ReadAllBytes(_dir.PathOf("libhelper.a"));

        string lib = _dir.Write("libv.c", LibrarySource);
        _dir.Write("v.map", VersionScript);
        Tools.Run("gcc", _dir.Dir, ["-shared", "-fPIC", "-O1", "-Wl,--version-script=v.map", "-Wl,-soname,libv.so.1", lib, "-o", "libv.so"]);
        SharedLibrary = File.ReadAllBytes(_dir.PathOf("libv.so"));
        DsoMain = File.ReadAllBytes(Tools.CompileC(_dir, "dmain", DsoMainSource, "-fpie", "-ffreestanding", "-fno-stack-protector"));
    }

    public byte[] Main { get; }
    public byte[] TlsDesc { get; }
    public byte[] ArchiveMain { get; }
    public byte[] Archive { get; }
    public byte[] SharedLibrary { get; }
    public byte[] DsoMain { get; }

    public void Dispose() => _dir.Dispose();
}

// Rust std programs for AArch64: rustc cross-compiles them (--target aarch64-unknown-linux-gnu) with the cross gcc as
// its linker driver, once through wild (`-C link-arg=-B dist/`) and once with the cross GNU ld, and both run under
// qemu-user with the same stdout and exit code: panics unwound and caught, threads, std::fs, a backtrace named from the
// program's symbols and std's DWARF lines, in dynamic PIE, dynamic non-PIE and static builds, and a cdylib called from C.
// The compiler is Debian's rustc-web with its aarch64 std rlibs (an rlib must come from the compiler that uses it, so
// not the machine's own rustc); .ci/run installs it and unpacks the rlibs into RustStd.Sysroot.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;

namespace Wild.Engine.Tests.Engine;

public sealed class AArch64RustTests
{
    private const string Program = """
        use std::collections::BTreeMap;
        use std::io::Write;

        fn main() {
            println!("hello from rust on {}", std::env::consts::ARCH);
            // Unwinding through .eh_frame: a panic caught, a Drop run on the way out.
            struct Noisy(&'static str);
            impl Drop for Noisy { fn drop(&mut self) { println!("dropped {}", self.0); } }
            let r = std::panic::catch_unwind(|| { let _n = Noisy("in the unwind"); panic!("boom {}", 7); });
            let payload = r.unwrap_err();
            let message = payload.downcast_ref::<String>().cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
            println!("caught: {message}");
            // Threads (each with its own TLS) and a panic inside one, seen by join.
            let hs: Vec<_> = (0..4u64).map(|i| std::thread::spawn(move || {
                thread_local!(static T: std::cell::Cell<u64> = const { std::cell::Cell::new(100) });
                T.with(|t| { t.set(t.get() + i); t.get() * i })
            })).collect();
            let sum: u64 = hs.into_iter().map(|h| h.join().unwrap()).sum();
            let failed = std::thread::spawn(|| -> u32 { panic!("in a thread") }).join().is_err();
            println!("threads {sum} {failed}");
            // std::fs: write, read back, list, remove.
            let dir = std::env::temp_dir().join(format!("wild-rust-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::File::create(dir.join("a.txt")).unwrap().write_all(b"fs works").unwrap();
            let text = std::fs::read_to_string(dir.join("a.txt")).unwrap();
            let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
            std::fs::remove_dir_all(&dir).unwrap();
            println!("{text} {names:?}");
            let mut m = BTreeMap::new();
            for w in "the quick brown fox jumps over the lazy dog the end".split(' ') { *m.entry(w).or_insert(0) += 1; }
            println!("{m:?}");
            // The backtrace's frames are named from the program's own symbols and DWARF.
            let bt = format!("{}", std::backtrace::Backtrace::force_capture());
            println!("backtrace names main: {}, std lines: {}", bt.contains("::main"), bt.contains("library/std/src/"));
            std::process::exit(3);
        }
        """;

    private const string Expected = """
        hello from rust on aarch64
        dropped in the unwind
        caught: boom 7
        threads 614 true
        fs works ["a.txt"]
        {"brown": 1, "dog": 1, "end": 1, "fox": 1, "jumps": 1, "lazy": 1, "over": 1, "quick": 1, "the": 3}
        backtrace names main: true, std lines: true

        """;

    [AArch64Theory(Rust = true)]
    [InlineData("-C opt-level=0")]
    [InlineData("-C opt-level=2 -C debuginfo=1")]
    [InlineData("-C opt-level=2 -C target-feature=+crt-static")]
    [InlineData("-C opt-level=1 -C relocation-model=static")]
    public void StdProgramRunsAsTheCrossGnuLdLinksIt(string flags)
    {
        using var link = new AArch64CrossLink();
        link.Write("main.rs", Program);
        link.LinkBoth(RustStd.Rustc, [.. RustStd.Flags, .. flags.Split(' '), "main.rs"], wildArgs: RustStd.ThroughWild(link));
        Assert.Contains("Linker: Wild", Comment(link.PathOf("wild")));
        link.AssertSameRun(Expected.Replace("\r", ""), 3);
    }

    /// <summary>A cdylib (std inside, its panics caught at the C boundary) linked by wild works under GNU ld's C
    /// program as the cross GNU ld's library does.</summary>
    [AArch64Fact(Rust = true)]
    public void CdylibWorksUnderAGnuLdProgram()
    {
        using var link = new AArch64CrossLink();
        link.Write("lib.rs", """
            use std::collections::HashMap;
            #[no_mangle]
            pub extern "C" fn rs_count_words(p: *const u8, n: usize) -> usize {
                let s = std::str::from_utf8(unsafe { std::slice::from_raw_parts(p, n) }).unwrap();
                let mut m = HashMap::new();
                for w in s.split_whitespace() { *m.entry(w).or_insert(0) += 1; }
                let caught = std::panic::catch_unwind(|| { if n > 0 { panic!("inside the library") } }).is_err();
                let t = std::thread::spawn(move || m.len()).join().unwrap();
                t + caught as usize * 100
            }
            """);
        link.Write("main.c", """
            #include <stdio.h>
            #include <string.h>
            unsigned long rs_count_words(const char *, unsigned long);
            int main(void) { const char *s = "a b a c b d"; printf("%lu\n", rs_count_words(s, strlen(s))); return 0; }
            """);
        link.LinkBoth(RustStd.Rustc, [.. RustStd.Flags, "-C", "opt-level=2", "--crate-type", "cdylib", "lib.rs"],
            "wild-lib/librsw.so", "gnu-lib/librsw.so", RustStd.ThroughWild(link));
        Assert.Contains("Linker: Wild", Comment(link.PathOf("wild-lib/librsw.so")));
        link.Run(AArch64CrossLink.Gcc, "main.c", "-Lgnu-lib", "-lrsw", "-o", "main");
        link.AssertSameRun("104\n", gnu: "main", libraryPath: "gnu-lib", wild: "main", wildLibraryPath: "wild-lib");
    }

    private static string Comment(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        return System.Text.Encoding.ASCII.GetString(((Section<ulong>)elf.GetSection(".comment")).GetContents());
    }
}

/// <summary>Debian's rustc-web and its aarch64 std rlibs, and why the Rust AArch64 tests are skipped where they are missing.</summary>
internal static class RustStd
{
    /// <summary>rustc-web's compiler (Debian installs it as /usr/bin/rustc; the machine's own rustc is another version).</summary>
    public const string Rustc = "/usr/bin/rustc";

    /// <summary>A sysroot whose lib/rustlib/aarch64-unknown-linux-gnu/lib holds the rlibs of libstd-rust-web-dev:arm64,
    /// unpacked there by .ci/run (installing the package itself would bring arm64 glibc into /lib/aarch64-linux-gnu,
    /// where qemu's -L lookup would find it before the cross sysroot's and mix two glibc builds).</summary>
    public static string Sysroot { get; } = Environment.GetEnvironmentVariable("WILD_RUST_AARCH64_SYSROOT") ?? "/opt/wild-ci/rust-aarch64";

    public static string[] Flags => ["--edition", "2021", "--sysroot", Sysroot, "--target", "aarch64-unknown-linux-gnu", "-C", "linker=" + AArch64CrossLink.Gcc];

    /// <summary>rustc runs its linker driver with these added: the cross gcc then runs dist/ld, which is wild.</summary>
    public static string[] ThroughWild(AArch64CrossLink link) => ["-C", "link-arg=-B" + link.Bin];

    /// <summary>Why the Rust AArch64 tests cannot run here (the cross toolchain aside), or null when they can.</summary>
    public static string? Missing { get; } =
        File.Exists(Rustc) && Directory.Exists(Path.Combine(Sysroot, "lib/rustlib/aarch64-unknown-linux-gnu/lib"))
            ? null
            : $"rustc-web ({Rustc}) or its aarch64 std ({Sysroot}) is not installed: .ci/run installs rustc-web and unpacks libstd-rust-web-dev:arm64 there";
}

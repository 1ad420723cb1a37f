// The programs AArch64LinkTests links with wild and with the cross GNU ld: each exercises one part of the
// AArch64 relocation code through glibc's static libc (its IFUNCs, TLS, start-up) and what it prints, so a
// wrong relocation shows as a different output or a crash under qemu-user rather than as a byte difference.
namespace Wild.Engine.Tests.Engine;

internal sealed record AArch64Program(string Extension, string Source, string[] LinkFlags, int ExitCode, string Expected);

internal static class AArch64Programs
{
    public static IReadOnlyDictionary<string, AArch64Program> All { get; } = new Dictionary<string, AArch64Program>(StringComparer.Ordinal)
    {
        // printf and exit status through glibc's start-up: IRELATIVE for its string functions, TLS for errno.
        ["hello"] = new(".c", """
            #include <stdio.h>
            int main(void) { printf("hello, %s %d\n", "aarch64", 42); return 3; }
            """, [], 3, "hello, aarch64 42\n"),

        // TLS of every kind the compiler emits for an executable (local exec, and initial exec through extern),
        // over-aligned blocks, and threads that each get their own copy.
        ["tls"] = new(".c", """
            #include <pthread.h>
            #include <stdio.h>
            __thread int counter = 5;
            __thread char buf[100] __attribute__((aligned(64)));
            static __thread long big = 123456789;
            extern __thread int ext_tv;
            __thread int ext_tv = 42;
            static void *worker(void *arg)
            {
                counter += (int)(long)arg;
                buf[3] = 'x';
                big++;
                return (void *)(long)(counter + ext_tv + (big == 123456790) + ((unsigned long)buf % 64 == 0));
            }
            int main(void)
            {
                pthread_t t[4];
                void *r;
                long sum = 0;
                for (long i = 0; i < 4; i++) pthread_create(&t[i], 0, worker, (void *)i);
                for (int i = 0; i < 4; i++) { pthread_join(t[i], &r); sum += (long)r; }
                printf("sum=%ld counter=%d big=%ld buf[3]=%d\n", sum, counter, big, buf[3]);
                return 0;
            }
            """, ["-pthread"], 0, "sum=202 counter=5 big=123456789 buf[3]=0\n"),

        // glibc's IFUNCs (qsort's memcpy, strlen, strcmp...) and one of the program's own, called directly and
        // through a pointer in data (its PLT entry is its address).
        ["ifunc"] = new(".c", """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
            static int add2(int x) { return x + 2; }
            static int (*resolve(void))(int) { return add2; }
            int addn(int) __attribute__((ifunc("resolve")));
            int (*fp)(int) = addn;
            int main(void)
            {
                int a[] = {5, 3, 9, 1, 7};
                char s[64], d[64];
                qsort(a, 5, sizeof a[0], cmp);
                for (int i = 0; i < 5; i++) printf("%d ", a[i]);
                strcpy(s, "hello ifunc world");
                memcpy(d, s, strlen(s) + 1);
                memmove(d + 1, d, 5);
                printf("\n%s %zu %d %d %d %d\n", d, strlen(d), strcmp(s, d) < 0, addn(1), fp(2), fp == addn);
                return 0;
            }
            """, [], 0, "1 3 5 7 9 \nhhelloifunc world 17 1 3 4 1\n"),

        // C++: exceptions unwound through .eh_frame (PREL32), typeinfo and vtables (ABS64), thread_local with a
        // constructor, std::map and iostreams from the static libstdc++.
        ["exceptions"] = new(".cpp", """
            #include <iostream>
            #include <map>
            #include <stdexcept>
            #include <string>
            #include <vector>
            struct E : std::runtime_error { int code; E(int c) : std::runtime_error("E" + std::to_string(c)), code(c) {} };
            static thread_local std::string tls_name = "main";
            static int f(int x) { if (x > 2) throw E(x); return x * 2; }
            int main()
            {
                std::map<std::string, int> m;
                std::vector<int> v;
                for (int i = 0; i < 5; i++)
                    try { v.push_back(f(i)); } catch (const E &e) { m[e.what()] = e.code; }
                try { throw std::logic_error("logic"); } catch (std::exception &e) { std::cout << "caught " << e.what() << "\n"; }
                for (auto &kv : m) std::cout << kv.first << "=" << kv.second << "\n";
                std::cout << v.size() << " " << tls_name << std::endl;
                return (int)m.size();
            }
            """, [], 2, "caught logic\nE3=3\nE4=4\n3 main\n"),
    };
}

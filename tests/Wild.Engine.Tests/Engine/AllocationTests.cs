// Allocation growth of a whole link (style anchor 8): linking a program with many extra functions may
// allocate only a bounded amount more per added input symbol than linking the bare program. Phases run
// in parallel, so the process-wide counter is used and this class runs alone (no parallel test noise).
using Wild.Engine.Diagnostics;
using Xunit.Abstractions;

namespace Wild.Engine.Tests.Engine;

[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

[Collection(nameof(AllocationCollection))]
public sealed class AllocationTests(ITestOutputHelper log)
{
    private const int AddedFunctions = 4000;

    /// <summary>
    /// Budget, derived from a measurement: each added function brings one global symbol, one section
    /// (-ffunction-sections), one .eh_frame FDE with its relocation and one R_X86_64_64 in the table.
    /// With gcc 12 / glibc 2.36 the link grew by a stable 599 B per function (small link 4.08 MB,
    /// large 6.47 MB), which is what the engine's dense per-symbol, per-section and per-relocation
    /// arrays plus the output .symtab/.strtab (then built in growing buffers and copied; since written
    /// straight into the output) account for.
    /// The budget leaves ~70% headroom for runtime and toolchain variation. It does not catch one stray
    /// string per symbol in one phase (~75 B here); it does catch per-symbol objects in several phases,
    /// or a per-symbol collection, which is the regression style anchor 8 is about.
    /// </summary>
    private const long BytesPerAddedFunction = 1024;

    [Fact]
    public void AllocationGrowsBoundedlyWithInputSymbols()
    {
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", """
            #include <stdio.h>
            extern int (*const table[])(int);
            int main(void) { printf("%d\n", table ? 1 : 0); return 0; }
            """, "-fno-pie");
        string empty = Tools.CompileC(dir, "small", "int (*const table[1])(int);\n", "-fno-pie");
        var source = new System.Text.StringBuilder();
        for (int i = 0; i < AddedFunctions; i++)
            source.Append("int generated_function_").Append(i).Append("(int x) { return x * ").Append(i).Append(" + 1; }\n");
        source.Append("int (*const table[])(int) = {\n");
        for (int i = 0; i < AddedFunctions; i++) source.Append("  generated_function_").Append(i).Append(",\n");
        source.Append("};\n");
        string large = Tools.CompileC(dir, "large", source.ToString(), "-fno-pie", "-ffunction-sections");

        var small = Tools.GccLinkOptions(dir, [main, empty], dir.PathOf("small-prog")) with { Threads = 2 };
        var big = Tools.GccLinkOptions(dir, [main, large], dir.PathOf("large-prog")) with { Threads = 2 };

        // Warm up both (JIT, static caches, thread pool), then keep each link's smallest measurement.
        Measure(small);
        Measure(big);
        long smallBytes = Enumerable.Range(0, 3).Min(_ => Measure(small));
        long largeBytes = Enumerable.Range(0, 3).Min(_ => Measure(big));
        long perFunction = (largeBytes - smallBytes) / AddedFunctions;
        log.WriteLine($"small link: {smallBytes:N0} B, large link: {largeBytes:N0} B, growth {perFunction:N0} B per added function");

        Tools.AssertRuns(dir.PathOf("large-prog"), 0, "1\n");
        Assert.True(largeBytes > smallBytes, "the larger link allocated no more than the smaller one: the measurement is broken");
        Assert.True(perFunction < BytesPerAddedFunction,
            $"linking {AddedFunctions} more functions allocated {perFunction:N0} B per function (budget {BytesPerAddedFunction} B); " +
            $"small {smallBytes:N0} B, large {largeBytes:N0} B");
    }

    private static long Measure(LinkOptions options)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        Linker.Link(options, new DiagnosticBag());
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }
}

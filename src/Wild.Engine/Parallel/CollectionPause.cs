// Keeps the garbage collector out of a one-shot link. The link's tables live until it ends, so a collection
// in the middle finds almost nothing to free yet walks (and for the large-object heap, sweeps) every table;
// on LLVM that was four full collections and ~35 ms of pauses. The one-shot `wild` process asks for a no-GC
// region sized from its input; the PowerShell module, which shares a host process, does not. Under an
// address-space limit (ulimit -v) no region is asked for: reserving its budget is what ran such links out
// of addresses (SIGSEGV inside the runtime), and a limited link is better served by collecting.
using System.Runtime.InteropServices;

namespace Wild.Engine.Parallel;

internal sealed partial class CollectionPause : IDisposable
{
    // Below this much input the link allocates too little to be collected, and the induced collection that
    // starts a region (about 2 ms) would cost more than it saves.
    private const long MinimumInputBytes = 16L << 20;
    // A link allocates at most a few bytes per input byte (measured: 0.65x on LLVM's archives, 2.3x on
    // 100k small objects); the region only reserves this budget, it does not touch it.
    private const long BudgetPerInputByte = 4;
    private const long MaximumBudget = 8L << 30;

    private CollectionPause() { }

    /// <summary>Starts a no-GC region for a link over <paramref name="inputBytes"/> bytes of input, if it pays.</summary>
    public static CollectionPause? Begin(long inputBytes)
    {
        if (inputBytes < MinimumInputBytes || AddressSpaceIsLimited())
            return null;
        long budget = Math.Min(inputBytes * BudgetPerInputByte, MaximumBudget);
        try
        {
            return GC.TryStartNoGCRegion(budget) ? new CollectionPause() : null;
        }
        catch (ArgumentOutOfRangeException)
        {
            // The runtime refuses budgets beyond what it can reserve; the link then runs with collections.
            return null;
        }
        catch (InvalidOperationException)
        {
            // Already inside a region (a host that started its own): leave that one alone.
            return null;
        }
    }

    private const int RLIMIT_AS = 9;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current, Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRLimit(int resource, out RLimit limit);

    private static bool AddressSpaceIsLimited() =>
        OperatingSystem.IsLinux() && GetRLimit(RLIMIT_AS, out var limit) == 0 && limit.Current != ulong.MaxValue;

    public void Dispose()
    {
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // A link that outgrew the budget already ended the region with a collection.
        }
    }
}

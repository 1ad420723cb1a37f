// The `wild` command keeps the GC out of large links with a no-GC region. The region is process-wide, so
// these tests run in the collection that runs alone (no other test allocating into or ending the region).
using System.Runtime;
using Wild.Engine.Parallel;

namespace Wild.Engine.Tests.Engine;

[Collection(nameof(AllocationCollection))]
public sealed class CollectionPauseTests
{
    [Fact]
    public void SmallLinksDoNotPayForARegion()
    {
        Assert.Null(CollectionPause.Begin(1L << 20));
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void ALargeLinkRunsInARegionThatEndsWithIt()
    {
        using (var pause = CollectionPause.Begin(64L << 20))
        {
            Assert.NotNull(pause);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            // A second link in the same process (the tests, a host) neither nests nor fails.
            Assert.Null(CollectionPause.Begin(64L << 20));
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void ALinkThatOutgrowsTheBudgetEndsQuietly()
    {
        var pause = CollectionPause.Begin(16L << 20);
        Assert.NotNull(pause);
        // Allocating past the budget ends the region with a collection; disposing must not throw then.
        var keep = new List<byte[]>();
        for (int i = 0; i < 160; i++)
            keep.Add(new byte[1 << 20]);
        pause!.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        GC.KeepAlive(keep);
    }
}

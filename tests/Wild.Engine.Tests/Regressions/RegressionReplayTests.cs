// Replays every fuzzing finding kept in this folder through the fuzzer's own oracle (fuzz/Wild.Fuzz/
// FuzzTarget.cs, compiled in here): a link or a LinkException, nothing else, within the time limit. A file
// named `<what>.<ErrorId>.<ext>` must be rejected with that id; `<what>.linked.<ext>` must link.
using Wild.Engine.Diagnostics;
using Wild.Engine.Tests.Engine;
using Wild.Fuzz;

namespace Wild.Engine.Tests.Regressions;

public sealed class RegressionReplayTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Regressions");

    public static TheoryData<string> Findings =>
        new(Directory.EnumerateFiles(Folder).Where(f => !f.EndsWith(".cs", StringComparison.Ordinal))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void FolderHoldsFindings() => Assert.NotEmpty(Findings);

    [Theory]
    [MemberData(nameof(Findings))]
    public async Task FindingReplaysCleanly(string name)
    {
        using var dir = new Scratch();
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name));
        // A hang ends as a TimeoutException; any exception but LinkException surfaces here too and fails the test.
        var outcome = await Task.Run(() => FuzzTarget.Run(bytes, dir.Dir)).WaitAsync(Limit);

        string[] parts = name.Split('.');
        string expected = parts.Length >= 3 ? parts[^2] : "";
        if (expected == "linked")
            Assert.True(outcome.Linked, $"{name}: rejected with {outcome.Error}");
        else if (Enum.TryParse<ErrorId>(expected, out var id))
            Assert.Equal(id, outcome.Error);
    }
}

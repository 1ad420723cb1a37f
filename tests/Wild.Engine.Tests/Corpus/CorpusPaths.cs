namespace Wild.Engine.Tests.Corpus;

/// <summary>Where the corpus, the repository and the published linker live.</summary>
public static class CorpusPaths
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    /// <summary>The directory holding Wild.slnx, found by walking up from the test binaries.</summary>
    public static string RepoRoot => s_repoRoot.Value;

    public static string ProgramsDir => Path.Combine(RepoRoot, "tests", "programs");

    /// <summary><c>$WILD_DIST</c> if set, else <c>&lt;repo&gt;/dist</c>: the directory gcc -B points at.</summary>
    public static string DistDir
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("WILD_DIST");
            string dir = string.IsNullOrEmpty(env) ? Path.Combine(RepoRoot, "dist") : env;
            return Path.GetFullPath(dir);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wild.slnx")))
                return dir.FullName;
        throw new InvalidOperationException(
            $"Wild.slnx not found in any parent of {AppContext.BaseDirectory}");
    }
}

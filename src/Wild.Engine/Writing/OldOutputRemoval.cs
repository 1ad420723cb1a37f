// Removes the previous output off the critical path. Replacing a large file frees every page it held
// (20 ms for LLVM's 115 MB output on tmpfs), and a rename over it pays that at the very end of the link.
// Moved aside first and unlinked on a thread of its own, the freeing overlaps the serial layout phases.
// Only links that would delete the old output on failure anyway (the CLI, like GNU ld) do this.
namespace Wild.Engine.Writing;

internal sealed class OldOutputRemoval
{
    private readonly Thread _thread;

    private OldOutputRemoval(Thread thread) => _thread = thread;

    /// <summary>Moves an existing regular file at <paramref name="target"/> aside and starts unlinking it;
    /// null when there is nothing to remove or it cannot be moved (the final rename then replaces it).</summary>
    public static OldOutputRemoval? Start(string target)
    {
        string full = Path.GetFullPath(target);
        // Only a regular file is moved: a directory or a missing file is left for OutputFile to report or
        // create, and a device (-o /dev/null) or pipe is written to, never moved. Off Linux the final rename does it all.
        if (!OperatingSystem.IsLinux() || Input.PosixFiles.Stat(full) is not { IsRegular: true })
            return null;
        string aside = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.wild-old-{Guid.NewGuid():N}.tmp");
        try
        {
            File.Move(full, aside);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var thread = new Thread(() => OutputFile.DeleteQuietly(aside)) { Name = "wild: remove old output", IsBackground = false };
        thread.Start();
        return new OldOutputRemoval(thread);
    }

    /// <summary>Waits for the unlink, so no moved-aside file outlives the link.</summary>
    public void Wait() => _thread.Join();
}

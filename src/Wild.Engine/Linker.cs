// The whole link, top to bottom: read inputs → index symbols → resolve (archives, COMDAT, definitions)
// → lay out → write → rename. Each phase borrows the previous phase's immutable result (see LinkSession).
using Wild.Engine.Diagnostics;

namespace Wild.Engine;

public static class Linker
{
    /// <summary>Links according to <paramref name="options"/>; throws LinkException on failure.</summary>
    public static LinkResult Link(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellationToken = default) =>
        Link(options, diagnostics, cancellationToken, pauseCollections: false);

    /// <summary>As Link; <paramref name="pauseCollections"/> keeps the GC out of the link, for a process that
    /// only links (the `wild` command), not for a shared host.</summary>
    public static LinkResult Link(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellationToken, bool pauseCollections)
    {
        // What the output path holds now: never one of the inputs, and removed (only it) if the link fails.
        var target = Writing.OutputTarget.Inspect(options);
        LinkSession session;
        try
        {
            session = LinkSession.Resolve(options, diagnostics, cancellationToken, pauseCollections, target);
        }
        catch
        {
            if (!options.KeepOldOutputOnFailure)
                target.RemoveStaleOutput();
            throw;
        }
        using (session)
            return session.Write(options, diagnostics, cancellationToken, target, inputsJustRead: true);
    }
}

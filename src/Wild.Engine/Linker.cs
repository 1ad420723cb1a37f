// The whole link, top to bottom: each phase borrows the previous phase's immutable result.
using Wild.Engine.Diagnostics;

namespace Wild.Engine;

public static class Linker
{
    /// <summary>Links according to <paramref name="options"/>; throws LinkException on failure.</summary>
    public static LinkResult Link(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellationToken = default)
    {
        throw new NotImplementedException("engine under construction");
    }
}

// The whole link, top to bottom: each phase borrows the previous phase's immutable result.
// read inputs → index symbols → resolve (archives, COMDAT, definitions) → lay out → write → rename.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using Wild.Engine.Writing;

namespace Wild.Engine;

public static class Linker
{
    /// <summary>Links according to <paramref name="options"/>; throws LinkException on failure.</summary>
    public static LinkResult Link(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellationToken = default)
    {
        var timings = new PhaseTimings();
        var work = new ParallelWork(options.Threads, cancellationToken);
        using var all = timings.Start("Total");
        InputSet inputs;
        using (timings.Start("Open inputs")) inputs = InputSet.Load(options, work);
        try
        {
            var resolution = Resolve(inputs, options, diagnostics, work, timings);
            return WriteOutput(resolution, diagnostics, work, timings);
        }
        catch
        {
            // Like GNU ld: a failed link leaves no (stale) output behind.
            if (!options.KeepOldOutputOnFailure)
                try { File.Delete(options.OutputPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        finally
        {
            inputs.Dispose();
        }
    }

    /// <summary>Phases 2-3: index every symbol, then resolve with ld's archive semantics.</summary>
    public static SymbolResolution Resolve(InputSet inputs, LinkOptions options, DiagnosticBag diagnostics, ParallelWork work, PhaseTimings timings)
    {
        if (options.Kind is OutputKind.Pie or OutputKind.Dynamic or OutputKind.Shared)
            throw new LinkException(ErrorId.UnsupportedInput,
                $"output kind {options.Kind} (dynamic linking) is not supported yet; link with -static or -static-pie");
        SymbolDb db;
        using (timings.Start("Index symbols")) db = SymbolDb.Build(inputs, work);
        using (timings.Start("Resolve symbols")) return Resolver.Resolve(db, options, diagnostics, work.Cancellation);
    }

    /// <summary>Phases 4-5: lay out, write into a temporary file, rename over the output.</summary>
    public static LinkResult WriteOutput(SymbolResolution resolution, DiagnosticBag diagnostics, ParallelWork work, PhaseTimings timings)
    {
        var options = resolution.Options;
        var layout = Layout.LayoutBuilder.Build(resolution, work, diagnostics, timings);
        using (var output = OutputFile.Create(options.OutputPath, (long)layout.FileSize, executable: true))
        {
            ElfWriter.Write(layout, output, work, timings);
            foreach (var m in resolution.Db.Inputs.MappedFiles)
                if (m.ChangedOnDisk())
                    throw new LinkException(ErrorId.OutputFailed, $"{m.Path}: input file changed during the link", m.Path);
            using (timings.Start("Commit output")) output.Commit();
        }
        return new LinkResult(options.OutputPath, layout.FileSize, layout.Entry, options.Kind, timings.List);
    }
}

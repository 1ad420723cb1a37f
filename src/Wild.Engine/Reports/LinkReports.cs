// Writes the reports a finished link was asked for: the -Map/-M link map (with --cref's table), --why-extract
// and --dependency-file. Runs after the output is committed, so a report never describes a link that failed;
// "-" sends a report to the standard output, through the diagnostics (the engine owns no console).
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Reports;

internal static class LinkReports
{
    public static bool Requested(LinkOptions o) =>
        o.MapFile is not null || o.WhyExtract is not null || o.Cref || o.CollectLinkMap || o.DependencyFile is not null;

    /// <summary>Refuses, before any work, a report file that is one of the inputs or the output (it would be
    /// overwritten after the output is committed).</summary>
    public static void CheckPaths(LinkOptions o, InputSet inputs)
    {
        foreach (var (path, what) in new[] { (o.MapFile, "link map"), (o.WhyExtract, "--why-extract report"), (o.DependencyFile, "dependency file") })
        {
            if (path is null or "-") continue;
            if (Path.GetFullPath(path) == Path.GetFullPath(o.OutputPath))
                throw new LinkException(ErrorId.InvalidOption, $"cannot write {what} to {path}: it is the output file", path);
            if (File.Exists(path) && inputs.MappedFiles.FirstOrDefault(m => m.IsSameFileAs(path)) is { } input)
                throw new LinkException(ErrorId.OutputIsInput, $"cannot write {what} to {path}: it is the input file '{input.Path}'", path);
        }
    }

    /// <summary>Writes the requested reports; returns the map when one was built.</summary>
    public static LinkMap? Write(Layout.Layout layout, InputSet inputs, DiagnosticBag diagnostics) =>
        Write(layout.Options, crossReferences => LinkMapBuilder.Build(layout, crossReferences), inputs, diagnostics);

    /// <summary>The reports of a relocatable output (-r), from its own layout.</summary>
    public static LinkMap? Write(Relocatable.RelocatableLayout layout, InputSet inputs, DiagnosticBag diagnostics) =>
        Write(layout.Options, crossReferences => LinkMapBuilder.BuildRelocatable(layout, crossReferences), inputs, diagnostics);

    private static LinkMap? Write(LinkOptions o, Func<bool, LinkMap> build, InputSet inputs, DiagnosticBag diagnostics)
    {
        LinkMap? map = null;
        if (o.MapFile is not null || o.WhyExtract is not null || o.Cref || o.CollectLinkMap)
            map = build(o.Cref || o.CollectLinkMap);
        if (o.MapFile is not null)
            Emit(o.MapFile, LinkMapText.Render(map!, o.Cref), diagnostics);
        else if (o.Cref)
            // As in GNU ld: with no map to append it to, the cross-reference table goes to the standard output.
            Emit("-", LinkMapText.RenderCrossReference(map!), diagnostics);
        if (o.WhyExtract is not null)
            Emit(o.WhyExtract, WhyExtract.Render(map!), diagnostics);
        if (o.DependencyFile is not null)
        {
            var read = inputs.MappedFiles.Select(m => m.Path)
                .Concat(o.VersionScripts).Concat(o.DynamicLists).Concat(o.ExportDynamicSymbolLists);
            Emit(o.DependencyFile, DependencyFile.Render(o.OutputPath, read), diagnostics);
        }
        return map;
    }

    private static void Emit(string path, string text, DiagnosticBag diagnostics)
    {
        if (path == "-")
        {
            diagnostics.Info(text.TrimEnd('\n'));
            return;
        }
        try
        {
            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.OutputFailed, $"cannot write {path}: {e.Message}", path, e);
        }
    }
}

// Collects warnings (and informational trace lines such as -y and --print-gc-sections) during a link.
// Errors are not collected here: they are thrown as LinkException and stop the link.
namespace Wild.Engine.Diagnostics;

public enum DiagnosticKind { Warning, Info }

public readonly record struct Diagnostic(DiagnosticKind Kind, string Message);

public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private readonly Lock _lock = new();

    /// <summary>Called as each diagnostic arrives (the CLI prints, the cmdlets write warnings).</summary>
    public Action<Diagnostic>? OnReport { get; init; }

    public IReadOnlyList<Diagnostic> Items
    {
        get { lock (_lock) return _items.ToArray(); }
    }

    public void Warn(string message) => Report(new Diagnostic(DiagnosticKind.Warning, message));

    public void Info(string message) => Report(new Diagnostic(DiagnosticKind.Info, message));

    private void Report(Diagnostic d)
    {
        lock (_lock) _items.Add(d);
        OnReport?.Invoke(d);
    }
}

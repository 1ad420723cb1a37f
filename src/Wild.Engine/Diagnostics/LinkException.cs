// The one error type of the engine. It carries a stable ErrorId, a message that names the file (and
// section, offset or symbol) first, and context lines added as it passes up (">>> referenced by ...").
namespace Wild.Engine.Diagnostics;

public sealed class LinkException : Exception
{
    private readonly List<string> _context = [];

    public LinkException(ErrorId id, string message, string? file = null, Exception? inner = null)
        : base(message, inner)
    {
        Id = id;
        File = file;
    }

    public ErrorId Id { get; }

    /// <summary>The input file (or archive(member)) the error is about, when there is one.</summary>
    public string? File { get; }

    /// <summary>Extra lines printed after the message, lld style.</summary>
    public IReadOnlyList<string> Context => _context;

    /// <summary>Further errors of the same link reported together (e.g. every undefined symbol).</summary>
    public IReadOnlyList<LinkException> Siblings { get; init; } = [];

    public LinkException WithContext(string line)
    {
        _context.Add(line);
        return this;
    }

    /// <summary>The message with its context lines, as the CLI prints it after "wild: error: ".</summary>
    public string FullMessage => _context.Count == 0 ? Message : Message + "\n" + string.Join("\n", _context);
}

internal static class LinkExceptionExtensions
{
    /// <summary>Copies the context lines of another error onto this one (used when regrouping errors).</summary>
    public static LinkException WithContextFrom(this LinkException target, LinkException source)
    {
        foreach (var line in source.Context) target.WithContext(line);
        return target;
    }
}

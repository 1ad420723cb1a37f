// A parsed linker script: its commands in order (INCLUDEd files spliced in), with the questions the rest of the
// link asks of it answered once: the entry symbol, SECTIONS, MEMORY, PHDRS, INSERT, the input files it names.
namespace Wild.Engine.Scripts;

public sealed class ScriptFile
{
    public ScriptFile(string path, IReadOnlyList<ScriptCommand> commands)
    {
        Path = path;
        Commands = commands;
    }

    public string Path { get; }
    public IReadOnlyList<ScriptCommand> Commands { get; }

    /// <summary>The last ENTRY command's symbol (GNU ld: the last one wins), or null.</summary>
    public string? Entry => Commands.OfType<EntryCommand>().LastOrDefault()?.Symbol
                            ?? Sections.SelectMany(s => s.Statements).OfType<EntryCommand>().LastOrDefault()?.Symbol;

    public IEnumerable<SectionsCommand> Sections => Commands.OfType<SectionsCommand>();

    /// <summary>Whether this script lays out the output (SECTIONS, MEMORY or PHDRS), rather than only naming inputs.</summary>
    public bool HasLayout => Commands.Any(c => c is SectionsCommand or MemoryCommand or PhdrsCommand);
}

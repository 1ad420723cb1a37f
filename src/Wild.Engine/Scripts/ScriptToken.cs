// One token of a linker script, with where it starts. The lexer (ScriptLexer) makes them on demand in one of
// two modes, because GNU ld's script language lexes differently in expressions and in file/section patterns.
namespace Wild.Engine.Scripts;

internal enum ScriptTokenKind { End, Word, Number, String, Operator }

internal readonly record struct ScriptToken(ScriptTokenKind Kind, string Text, int Start, int End, ulong Number = 0)
{
    public bool Is(string text) => Kind is ScriptTokenKind.Word or ScriptTokenKind.Operator && Text == text;
    public bool IsEnd => Kind == ScriptTokenKind.End;
}

// A claimed LTO input as the rest of the link sees it: an ELF relocatable object written in memory whose
// symbol table holds exactly the symbols the plugin added for the file, in the plugin's order (symbol i+1 is
// the plugin's symbol i), and no code. Indexing and resolution then treat IR files like any object, archive
// rules included, with no second path through them. The stubs never reach layout: after the plugin has
// compiled the IR, the link is resolved again with its objects instead (LtoInputSet).
using System.Runtime.InteropServices;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Lto;

internal static unsafe class StubObject
{
    /// <summary>The one section a stub's definitions are in: nothing a diagnostic should point at.</summary>
    public static ReadOnlySpan<byte> IrSectionName => ".lto.ir"u8;

    private static readonly MappedFile s_empty = MappedFile.InMemory("(no symbols)", Build([]));

    /// <summary>An object with no symbols and no sections to place: what a claimed file becomes once the plugin's
    /// output has replaced it, and a bitcode input before the plugin has claimed it.</summary>
    public static ObjectFile Empty(string displayName, Archive? archive) =>
        new(s_empty, 0, s_empty.Length, displayName, archive) { IsLtoStub = true };

    /// <summary>The stub object of a claimed file with the plugin's <paramref name="symbols"/>.</summary>
    public static ObjectFile For(ReadOnlySpan<PluginSymbol> symbols, string displayName, Archive? archive)
    {
        var file = MappedFile.InMemory(displayName, Build(symbols));
        return new ObjectFile(file, 0, file.Length, displayName, archive) { IsLtoStub = true };
    }

    private static byte[] Build(ReadOnlySpan<PluginSymbol> symbols)
    {
        int namesSize = 0;
        foreach (ref readonly var s in symbols)
            namesSize += CStringLength(s.Name) + 1;
        // Section 1 holds every definition; it has no bytes, since nothing of it is ever placed.
        // Bitcode names no machine: EM_X86_64 is a placeholder the machine checks pass over (ObjectFile.IsLtoStub).
        var obj = new SymbolOnlyObject(IrSectionName, symbols.Length, namesSize, EM_X86_64);
        int name = 1;
        for (int i = 0; i < symbols.Length; i++)
        {
            ref readonly var s = ref symbols[i];
            int at = name;
            name = obj.Name(at, new ReadOnlySpan<byte>(s.Name, CStringLength(s.Name)));
            bool weak = s.Def is PluginAbi.LDPK_WEAKDEF or PluginAbi.LDPK_WEAKUNDEF;
            byte type = s.Def == PluginAbi.LDPK_COMMON || s.SymbolType == PluginAbi.LDST_VARIABLE ? STT_OBJECT
                : s.SymbolType == PluginAbi.LDST_FUNCTION ? STT_FUNC : STT_NOTYPE;
            byte visibility = s.Visibility switch
            {
                PluginAbi.LDPV_PROTECTED => STV_PROTECTED,
                PluginAbi.LDPV_INTERNAL => STV_INTERNAL,
                PluginAbi.LDPV_HIDDEN => STV_HIDDEN,
                _ => STV_DEFAULT,
            };
            ushort shndx = s.Def switch
            {
                PluginAbi.LDPK_UNDEF or PluginAbi.LDPK_WEAKUNDEF => SHN_UNDEF,
                PluginAbi.LDPK_COMMON => SHN_COMMON,
                _ => 1,
            };
            // A common's st_value is its alignment, which the plugin does not give; resolution only compares sizes.
            obj.Symbol(i + 1, (uint)at, (byte)((weak ? STB_WEAK : STB_GLOBAL) << 4 | type), visibility, shndx,
                shndx == SHN_COMMON ? 1UL : 0UL, s.Size);
        }
        return obj.Bytes;
    }

    internal static int CStringLength(byte* s) => s == null ? 0 : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(s).Length;
}

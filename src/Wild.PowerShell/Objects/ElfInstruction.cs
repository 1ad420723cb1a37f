// One decoded x86-64 instruction as Get-ElfDisassembly emits it: where it is, its bytes, its text in the chosen
// syntax, and for a relocatable object the relocation that will patch it (a call reads `call 0` until linked).
namespace Wild.PowerShell;

public sealed class ElfInstruction
{
    internal ElfInstruction(string file, string? member, string? symbol, string section, ulong address, byte[] bytes,
        string mnemonic, string text, ulong? target, string? targetSymbol, string? relocation)
    {
        File = file;
        Member = member;
        Symbol = symbol;
        Section = section;
        Address = address;
        Bytes = bytes;
        Mnemonic = mnemonic;
        Text = text;
        Target = target;
        TargetSymbol = targetSymbol;
        Relocation = relocation;
    }

    public string File { get; }
    public string? Member { get; }
    /// <summary>The function being disassembled; null for an address range.</summary>
    public string? Symbol { get; }
    public string Section { get; }
    /// <summary>The instruction's address (its section offset in a relocatable object).</summary>
    public ulong Address { get; }
    public byte[] Bytes { get; }
    public string Mnemonic { get; }
    /// <summary>The instruction as the formatter writes it (AT&amp;T by default, as objdump -d).</summary>
    public string Text { get; }
    /// <summary>Where a direct branch or call goes; null for other instructions.</summary>
    public ulong? Target { get; }
    /// <summary>The function at <see cref="Target"/>, when the file's symbols name one.</summary>
    public string? TargetSymbol { get; }
    /// <summary>The relocation that patches this instruction in an object, e.g. R_X86_64_PLT32 puts-0x4.</summary>
    public string? Relocation { get; }

    /// <summary>The bytes in hex, as objdump shows them.</summary>
    public string Hex => Convert.ToHexStringLower(Bytes);

    public override string ToString() => Text;
}

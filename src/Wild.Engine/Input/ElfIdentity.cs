// Recognises file kinds by their first bytes and checks the ELF identity (class, data, machine),
// so every reader reports "not an ELF file" or "wrong machine" the same way.
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;

namespace Wild.Engine.Input;

public enum InputKind { Elf, Archive, ThinArchive, LinkerScript, Bitcode, Unknown }

public static class ElfIdentity
{
    public static InputKind Classify(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 4 && data[0] == 0x7f && data[1] == (byte)'E' && data[2] == (byte)'L' && data[3] == (byte)'F')
            return InputKind.Elf;
        if (data.StartsWith("!<arch>\n"u8))
            return InputKind.Archive;
        if (data.StartsWith("!<thin>\n"u8))
            return InputKind.ThinArchive;
        if (data.Length >= 4 && ((data[0] == (byte)'B' && data[1] == (byte)'C' && data[2] == 0xc0 && data[3] == 0xde)
                                 || (data[0] == 0xde && data[1] == 0xc0 && data[2] == 0x17 && data[3] == 0x0b)))
            return InputKind.Bitcode;
        return LooksLikeText(data) ? InputKind.LinkerScript : InputKind.Unknown;
    }

    /// <summary>Throws unless <paramref name="data"/> starts with a valid ELF64 little-endian header of a machine Wild
    /// links (x86-64, AArch64; that every input of a link has the same one is Architecture.ForLink's check). With
    /// <paramref name="anyMachine"/> (inspection, which never links the file) any machine's little-endian header of
    /// either class will do: ELF32 files are read through Elf32Records.</summary>
    public static void Check(ReadOnlySpan<byte> data, string name, bool anyMachine = false)
    {
        bool elf32 = anyMachine && Elf32Records.IsElf32(data);
        int headerSize = elf32 ? Elf32Records.HeaderSize : ElfConstants.Elf64HeaderSize;
        if (data.Length < headerSize)
        {
            if (data.StartsWith("\u007fELF"u8))
                throw new LinkException(ErrorId.MalformedElf, $"{name}: malformed ELF file: file too short ({data.Length} bytes)", name);
            throw new LinkException(ErrorId.NotElf, $"{name}: file format not recognized (not an ELF file)", name);
        }
        if (Classify(data) != InputKind.Elf)
            throw new LinkException(ErrorId.NotElf, $"{name}: file format not recognized (not an ELF file)", name);
        // e_machine sits at the same offset in ELF32 and ELF64, so a 32-bit object is named for what it is.
        ushort machine = BitConverter.ToUInt16(data[18..20]);
        if (anyMachine && data[4] is not (Elf32Records.ELFCLASS32 or ElfConstants.ELFCLASS64))
            throw new LinkException(ErrorId.UnsupportedElfClass, $"{name}: unknown ELF class {data[4]}", name);
        if (!anyMachine && (machine is not (ElfConstants.EM_X86_64 or ElfConstants.EM_AARCH64) || data[4] != ElfConstants.ELFCLASS64))
            throw new LinkException(ErrorId.WrongMachine,
                $"{name} is incompatible with elf_x86_64 and aarch64linux (it is {MachineName(machine)}, {(data[4] == 1 ? "ELF32" : data[4] == 2 ? "ELF64" : $"ELF class {data[4]}")})", name);
        if (data[5] != ElfConstants.ELFDATA2LSB)
            throw new LinkException(ErrorId.UnsupportedElfClass, anyMachine
                ? $"{name}: a big-endian ELF file ({MachineName(machine)}, data encoding {data[5]}): only little-endian files are read beyond their header (Get-ElfHeader reads any)"
                : $"{name}: unsupported ELF data encoding {data[5]} (only little-endian)", name);
        ushort ehsize = BitConverter.ToUInt16(data[(elf32 ? 40 : 52)..]);
        if (ehsize != headerSize)
            throw new LinkException(ErrorId.MalformedElf, $"{name}: malformed ELF file: invalid e_ehsize {ehsize}", name);
    }

    /// <summary>The error for an input that is none of the kinds above; an empty file is named as such,
    /// since it is usually a build step that failed to write it.</summary>
    public static LinkException NotRecognized(string name, ReadOnlySpan<byte> data) => data.Length == 0
        ? new(ErrorId.NotElf, $"{name}: file is empty (not an ELF object, archive or linker script)", name)
        : new(ErrorId.NotElf, $"{name}: file format not recognized (not an ELF file)", name);

    private static string MachineName(ushort machine) => machine switch
    {
        ElfConstants.EM_386 => "i386 (EM_386)",
        ElfConstants.EM_ARM => "ARM (EM_ARM)",
        ElfConstants.EM_AARCH64 => "AArch64 (EM_AARCH64)",
        ElfConstants.EM_RISCV => "RISC-V (EM_RISCV)",
        ElfConstants.EM_X86_64 => "x86-64",
        _ => $"e_machine {machine}",
    };

    private static bool LooksLikeText(ReadOnlySpan<byte> data)
    {
        var head = data[..Math.Min(data.Length, 256)];
        foreach (byte b in head)
            if (b == 0 || (b < 0x20 && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t'))
                return false;
        return head.Length > 0;
    }
}

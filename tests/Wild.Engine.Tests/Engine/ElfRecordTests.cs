// The raw ELF record structs read in place from mapped files: their sizes must match the ELF64 spec
// exactly (MemoryMarshal.Cast depends on it), and their predicates must decode the packed fields.
// Reading and validating whole files is covered by ObjectFileTests.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wild.Engine.Elf;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Tests.Engine;

public sealed class ElfRecordTests
{
    [Fact]
    public void RecordSizesMatchTheElf64Spec()
    {
        Assert.Equal(64, Unsafe.SizeOf<Elf64Header>());
        Assert.Equal(64, Unsafe.SizeOf<Elf64SectionHeader>());
        Assert.Equal(24, Unsafe.SizeOf<Elf64Symbol>());
        Assert.Equal(24, Unsafe.SizeOf<Elf64Rela>());
        Assert.Equal(56, Unsafe.SizeOf<Elf64ProgramHeader>());
        Assert.Equal(16, Unsafe.SizeOf<Elf64Dyn>());
    }

    [Fact]
    public void SizeConstantsAgreeWithTheStructs()
    {
        Assert.Equal(Elf64HeaderSize, Unsafe.SizeOf<Elf64Header>());
        Assert.Equal(SectionHeaderSize, Unsafe.SizeOf<Elf64SectionHeader>());
        Assert.Equal(SymbolSize, Unsafe.SizeOf<Elf64Symbol>());
        Assert.Equal(RelaSize, Unsafe.SizeOf<Elf64Rela>());
        Assert.Equal(ProgramHeaderSize, Unsafe.SizeOf<Elf64ProgramHeader>());
        Assert.Equal(DynSize, Unsafe.SizeOf<Elf64Dyn>());
    }

    [Fact]
    public void HeaderFieldsSitAtTheirSpecOffsets()
    {
        // e_machine at 18, e_shoff at 40, e_shstrndx at 62 (System V gABI, ELF64 header).
        var bytes = new byte[64];
        bytes[18] = (byte)EM_X86_64;
        BitConverter.TryWriteBytes(bytes.AsSpan(40), 0x1122334455667788UL);
        BitConverter.TryWriteBytes(bytes.AsSpan(62), (ushort)0xabcd);
        var h = MemoryMarshal.Read<Elf64Header>(bytes);
        Assert.Equal(EM_X86_64, h.Machine);
        Assert.Equal(0x1122334455667788UL, h.SectionHeaderOffset);
        Assert.Equal(0xabcd, h.SectionNameTableIndex);
    }

    [Fact]
    public void SymbolFieldsSitAtTheirSpecOffsets()
    {
        // st_name 0, st_info 4, st_other 5, st_shndx 6, st_value 8, st_size 16.
        byte[] bytes = [1, 0, 0, 0, 0x12, 0x02, 7, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0];
        var s = MemoryMarshal.Read<Elf64Symbol>(bytes);
        Assert.Equal(1u, s.Name);
        Assert.Equal(STB_GLOBAL, s.Binding);
        Assert.Equal(STT_FUNC, s.Type);
        Assert.Equal(STV_HIDDEN, s.Visibility);
        Assert.Equal(7, s.SectionIndex);
        Assert.Equal(0x10UL, s.Value);
        Assert.Equal(0x20UL, s.Size);
    }

    [Theory]
    [InlineData(STB_LOCAL, STT_NOTYPE)]
    [InlineData(STB_GLOBAL, STT_FUNC)]
    [InlineData(STB_WEAK, STT_OBJECT)]
    [InlineData(STB_GNU_UNIQUE, STT_OBJECT)]
    [InlineData(STB_GLOBAL, STT_GNU_IFUNC)]
    [InlineData(STB_LOCAL, STT_TLS)]
    public void SymbolInfoRoundTrips(byte binding, byte type)
    {
        var s = new Elf64Symbol { Info = Elf64Symbol.MakeInfo(binding, type) };
        Assert.Equal(binding, s.Binding);
        Assert.Equal(type, s.Type);
        Assert.Equal(binding == STB_WEAK, s.IsWeak);
        Assert.Equal(binding == STB_LOCAL, s.IsLocal);
    }

    [Theory]
    [InlineData((byte)0, STV_DEFAULT)]
    [InlineData((byte)1, STV_INTERNAL)]
    [InlineData((byte)2, STV_HIDDEN)]
    [InlineData((byte)3, STV_PROTECTED)]
    [InlineData((byte)0xfe, STV_HIDDEN)] // the upper bits of st_other are not visibility
    public void VisibilityIsTheLowTwoBitsOfStOther(byte other, byte visibility)
    {
        Assert.Equal(visibility, new Elf64Symbol { Other = other }.Visibility);
    }

    [Fact]
    public void SectionIndexPredicates()
    {
        Assert.True(new Elf64Symbol { SectionIndex = SHN_UNDEF }.IsUndefined);
        Assert.False(new Elf64Symbol { SectionIndex = 1 }.IsUndefined);
        Assert.True(new Elf64Symbol { SectionIndex = SHN_COMMON }.IsCommon);
        Assert.False(new Elf64Symbol { SectionIndex = SHN_COMMON }.IsUndefined);
        Assert.True(new Elf64Symbol { SectionIndex = SHN_ABS }.IsAbsolute);
        Assert.False(new Elf64Symbol { SectionIndex = SHN_ABS }.IsCommon);
    }

    [Theory]
    [InlineData(0u, RelocationType.R_X86_64_NONE)]
    [InlineData(1u, RelocationType.R_X86_64_PC32)]
    [InlineData(0x12345u, RelocationType.R_X86_64_REX_GOTPCRELX)]
    [InlineData(uint.MaxValue, RelocationType.R_X86_64_64)]
    [InlineData(7u, uint.MaxValue)]
    public void RelaInfoRoundTrips(uint symbol, uint type)
    {
        var r = new Elf64Rela { Info = Elf64Rela.MakeInfo(symbol, type) };
        Assert.Equal(symbol, r.SymbolIndex);
        Assert.Equal(type, r.Type);
    }

    [Fact]
    public void RelaInfoUsesTheElf64Packing()
    {
        // ELF64_R_INFO(s, t) = (s << 32) + t.
        Assert.Equal(0x0000000500000002UL, Elf64Rela.MakeInfo(5, RelocationType.R_X86_64_PC32));
        byte[] bytes = [0x10, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 9, 0, 0, 0, 0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        var r = MemoryMarshal.Read<Elf64Rela>(bytes);
        Assert.Equal(0x10UL, r.Offset);
        Assert.Equal(9u, r.SymbolIndex);
        Assert.Equal(RelocationType.R_X86_64_PLT32, r.Type);
        Assert.Equal(-4L, r.Addend);
    }

    [Fact]
    public void SectionHeaderFlagPredicates()
    {
        var text = new Elf64SectionHeader { Type = SHT_PROGBITS, Flags = SHF_ALLOC | SHF_EXECINSTR };
        Assert.True(text.IsAlloc);
        Assert.True(text.IsExecutable);
        Assert.False(text.IsWritable);
        Assert.False(text.IsNoBits);
        var tbss = new Elf64SectionHeader { Type = SHT_NOBITS, Flags = SHF_ALLOC | SHF_WRITE | SHF_TLS };
        Assert.True(tbss.IsNoBits);
        Assert.True(tbss.IsTls);
        Assert.True(tbss.IsWritable);
        Assert.False(tbss.IsExecutable);
    }
}

// Splits one input .eh_frame section into its CIE and FDE records and decides which survive: an FDE
// whose function section was discarded (COMDAT or --gc-sections) is dropped, so the unwinder and
// .eh_frame_hdr never see dangling entries. The writer copies the survivors and rewrites CIE pointers.
using System.Buffers.Binary;
using Wild.Engine.Elf;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal struct EhRecord
{
    public int InputOffset;
    public int Length;          // whole record, including the length field
    public int OutputOffset;    // -1 when dropped
    public int CieInputOffset;  // for FDEs: the CIE this FDE points at; -1 for CIEs
    public int FirstReloc;      // relocations [FirstReloc, EndReloc) lie inside this record
    public int EndReloc;
    public bool IsFde;
}

internal sealed class EhFrameSection
{
    public required FileId File { get; init; }
    public required int Section { get; init; }
    public required int RelaSection { get; init; }
    public required EhRecord[] Records { get; init; }
    public int OutputSize { get; set; }
    public int LiveFdeCount { get; set; }

    /// <summary>Parses the records and attaches each relocation (sorted by offset) to its record.</summary>
    public static EhFrameSection Parse(ObjectFile obj, FileId fileId, int section, int relaSection)
    {
        var data = obj.SectionData(section);
        var relocs = relaSection > 0 ? obj.Relocations(relaSection) : default;
        var records = new EhRecord[CountRecords(data)];
        int count = 0, offset = 0, r = 0;
        // Each record is at least 4 bytes, so a walk can take at most size/4 steps.
        while (offset < data.Length)
        {
            if (data.Length - offset < 4)
                throw obj.Malformed($".eh_frame: truncated record at offset 0x{offset:x}");
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
            if (len == 0xffffffff)
                throw obj.Malformed($".eh_frame: 64-bit DWARF record at offset 0x{offset:x} is not supported");
            // Bounds first: only a length that fits the section may become an int.
            if (len > (uint)(data.Length - offset - 4))
                throw obj.Malformed($".eh_frame: record at offset 0x{offset:x} (length {len}) overruns the section");
            int total = (int)len + 4;
            var rec = new EhRecord { InputOffset = offset, Length = total, CieInputOffset = -1, OutputOffset = 0 };
            if (len != 0)
            {
                if (len < 4)
                    throw obj.Malformed($".eh_frame: record at offset 0x{offset:x} is too short");
                uint id = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 4)..]);
                if (id == 0)
                    CheckAugmentation(obj, data.Slice(offset + 8, (int)len - 4), offset);
                else
                {
                    rec.IsFde = true;
                    long cie = offset + 4 - (long)id;
                    if (cie < 0 || cie >= offset)
                        throw obj.Malformed($".eh_frame: FDE at offset 0x{offset:x} has a bad CIE pointer");
                    rec.CieInputOffset = (int)cie;
                }
            }
            while (r < relocs.Length && relocs[r].Offset < (ulong)offset) r++;
            rec.FirstReloc = r;
            while (r < relocs.Length && relocs[r].Offset < (ulong)(offset + total)) r++;
            rec.EndReloc = r;
            records[count++] = rec;
            offset += total;
        }
        if (r < relocs.Length)
            throw obj.Malformed($".eh_frame: relocation at offset 0x{relocs[r].Offset:x} is outside every record");
        return new EhFrameSection { File = fileId, Section = section, RelaSection = relaSection, Records = records };
    }

    /// <summary>Records in a well-formed section (Parse checks every length as it walks; counting first
    /// lets it fill an exact array, where growing a list allocated three times the records on LLVM).</summary>
    private static int CountRecords(ReadOnlySpan<byte> data)
    {
        int count = 0;
        for (long offset = 0; offset + 4 <= data.Length; count++)
            offset += (long)BinaryPrimitives.ReadUInt32LittleEndian(data[(int)offset..]) + 4;
        return count;
    }

    /// <summary>
    /// A CIE's augmentation string says how to read the rest of it and of its FDEs (the writer and the
    /// unwinder both rely on 'R' for the pointer encoding); one we do not know means the CIE cannot be read.
    /// </summary>
    private static void CheckAugmentation(ObjectFile obj, ReadOnlySpan<byte> cie, int offset)
    {
        // cie: version byte, then the NUL-terminated augmentation string.
        int end = cie.Length > 1 ? cie[1..].IndexOf((byte)0) : -1;
        if (end < 0)
            throw obj.Malformed($".eh_frame: CIE at offset 0x{offset:x} has an unterminated augmentation string");
        var aug = cie.Slice(1, end);
        if (aug.IsEmpty || aug.SequenceEqual("eh"u8)) return;
        bool known = aug[0] == (byte)'z';
        foreach (byte c in aug[1..])
            known &= c is (byte)'L' or (byte)'P' or (byte)'R' or (byte)'S' or (byte)'B' or (byte)'G';
        if (!known)
            throw obj.Malformed($".eh_frame: CIE at offset 0x{offset:x} has unknown augmentation string '{System.Text.Encoding.ASCII.GetString(aug)}'");
    }

    /// <summary>The record that starts at <paramref name="inputOffset"/> (records lie in offset order); -1 if none does.</summary>
    public static int FindRecord(EhRecord[] records, int inputOffset)
    {
        int lo = 0, hi = records.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int o = records[mid].InputOffset;
            if (o == inputOffset) return mid;
            if (o < inputOffset) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>The relocation at an FDE's pc_begin field (offset 8), which names the function it covers.</summary>
    public static int PcBeginReloc(ReadOnlySpan<Elf64Rela> relocs, in EhRecord rec)
    {
        for (int i = rec.FirstReloc; i < rec.EndReloc; i++)
            if (relocs[i].Offset == (ulong)(rec.InputOffset + 8)) return i;
        return -1;
    }
}

// Walks the linked lists of a shared object's .gnu.version_d (Elf64_Verdef / Verdaux) and
// .gnu.version_r (Elf64_Verneed / Vernaux). Every `next` is a forward offset that must stay inside the
// section, and every walk is bounded by what the section can hold, so a crafted chain can neither loop
// nor read outside it. What the versions mean for resolution is SharedObjectInfo's concern.
using System.Buffers.Binary;

namespace Wild.Engine.Input;

internal static class VersionChains
{
    private const int VerdefSize = 20, VerdauxSize = 8, VerneedSize = 16, VernauxSize = 16;

    /// <summary>Calls <paramref name="onDefinition"/>(vd_ndx, vda_name of the first aux) for each definition.</summary>
    public static void ReadDefinitions(ObjectFile obj, ReadOnlySpan<byte> data, Action<int, uint> onDefinition)
    {
        int pos = 0;
        for (int n = 0; ; n++)
        {
            if (n > data.Length / VerdefSize || data.Length - pos < VerdefSize)
                throw obj.Malformed($".gnu.version_d: definition {n} at offset {pos} is outside the section");
            int ndx = BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + 4)..]);
            int count = BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + 6)..]);
            uint aux = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 12)..]);
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 16)..]);
            if (count == 0 || count > data.Length / VerdauxSize)
                throw obj.Malformed($".gnu.version_d: definition {n} has vd_cnt {count}, more than the section can hold");
            ulong at = (ulong)pos + aux;
            for (int k = 0; k < count; k++)
            {
                if (at > (ulong)data.Length || (ulong)data.Length - at < VerdauxSize)
                    throw obj.Malformed($".gnu.version_d: definition {n}: {(k == 0 ? "vd_aux" : "vda_next")} points outside the section");
                if (k == 0)
                    onDefinition(ndx, BinaryPrimitives.ReadUInt32LittleEndian(data[(int)at..]));
                uint auxNext = BinaryPrimitives.ReadUInt32LittleEndian(data[((int)at + 4)..]);
                if (k + 1 < count && auxNext < VerdauxSize)
                    throw obj.Malformed($".gnu.version_d: definition {n} has vd_cnt {count} but its vda_next chain ends after {k + 1}");
                at += auxNext;
            }
            if (next == 0) return;
            // Forward by at least one record: the chain cannot revisit a definition.
            if (next < VerdefSize || next > (uint)(data.Length - pos))
                throw obj.Malformed($".gnu.version_d: definition {n} has vd_next {next}, which leaves the section or overlaps its record");
            pos += (int)next;
        }
    }

    /// <summary>Validates every need and returns the largest vna_other (version index) among them.</summary>
    public static int ReadNeeds(ObjectFile obj, ReadOnlySpan<byte> data)
    {
        int pos = 0, max = 0;
        for (int n = 0; ; n++)
        {
            if (n > data.Length / VerneedSize || data.Length - pos < VerneedSize)
                throw obj.Malformed($".gnu.version_r: need {n} at offset {pos} is outside the section");
            int count = BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + 2)..]);
            uint aux = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 8)..]);
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 12)..]);
            if (count > data.Length / VernauxSize)
                throw obj.Malformed($".gnu.version_r: need {n} has vn_cnt {count}, more than the section can hold");
            ulong at = (ulong)pos + aux;
            for (int k = 0; k < count; k++)
            {
                if (at > (ulong)data.Length || (ulong)data.Length - at < VernauxSize)
                    throw obj.Malformed($".gnu.version_r: need {n}: {(k == 0 ? "vn_aux" : "vna_next")} points outside the section");
                max = Math.Max(max, BinaryPrimitives.ReadUInt16LittleEndian(data[((int)at + 6)..]) & 0x7fff);
                uint auxNext = BinaryPrimitives.ReadUInt32LittleEndian(data[((int)at + 12)..]);
                if (k + 1 < count && (auxNext < VernauxSize || auxNext > (ulong)data.Length - at))
                    throw obj.Malformed($".gnu.version_r: need {n} has vn_cnt {count} but vna_next {auxNext} leaves the chain after {k + 1}");
                at += auxNext;
            }
            if (next == 0) return max;
            if (next < VerneedSize || next > (uint)(data.Length - pos))
                throw obj.Malformed($".gnu.version_r: need {n} has vn_next {next}, which leaves the section or overlaps its record");
            pos += (int)next;
        }
    }
}

// The GOT entries one symbol owns and the dynamic relocations that fill them. A symbol's block holds, in
// this order: its address slot (GOTPCREL), its TP-offset slot (initial-exec TLS), a general-dynamic pair
// (module id, offset) and a TLS-descriptor pair; the last two only exist in shared objects, where TLS
// cannot be relaxed. The scan counts relocations with the same code the writer emits them with, so the
// slices of .rela.dyn it hands out always fit.
using System.Buffers.Binary;
using Wild.Engine.Elf;
using Wild.Engine.Symbols;
using static Wild.Engine.Layout.SymbolNeeds;

namespace Wild.Engine.Layout;

internal static class GotEntries
{
    public static int SlotCount(int flags) =>
        ((flags & Got) != 0 ? 1 : 0) + ((flags & GotTp) != 0 ? 1 : 0)
        + ((flags & TlsGd) != 0 ? 2 : 0) + ((flags & TlsDesc) != 0 ? 2 : 0);

    /// <summary>Slot offset (in 8-byte slots) of the first entry of <paramref name="kind"/> within a symbol's block.</summary>
    public static int SlotOffset(int flags, int kind)
    {
        int at = 0;
        if (kind == Got) return at;
        if ((flags & Got) != 0) at++;
        if (kind == GotTp) return at;
        if ((flags & GotTp) != 0) at++;
        if (kind == TlsGd) return at;
        if ((flags & TlsGd) != 0) at += 2;
        return at;
    }

    /// <summary>The slot of a symbol's block that takes a RELATIVE relocation (its address slot, in a PIE when the
    /// symbol is bound in this link and has an address), -1 if none; .relr.dyn is planned from it.</summary>
    public static int RelativeSlot(int flags, in SymbolTraits t, bool runTime, bool pie) =>
        (flags & Got) != 0 && !runTime && pie && !t.Absolute && !t.Undefined ? SlotOffset(flags, Got) : -1;

    /// <summary>Counts the relocations of one symbol's GOT block, as the scan sizes .rela.dyn; the same code as
    /// <see cref="Relocations"/>, so the slices it hands out always fit.</summary>
    public static void Count(int flags, in SymbolTraits t, bool runTime, bool pie, bool sharedOutput, ref int relative, ref int dynamic) =>
        Emit(flags, t, runTime, pie, sharedOutput, default, 0, 0, 0, 0, default, ref relative, default, ref dynamic);

    /// <summary>
    /// Writes the relocations for one symbol's GOT block. RELATIVE ones go to <paramref name="relative"/>, every
    /// other kind to <paramref name="dynamic"/>.
    /// </summary>
    public static void Relocations(Layout layout, SymbolId id, Span<Elf64Rela> relative, ref int relativeUsed,
        Span<Elf64Rela> dynamic, ref int dynamicUsed)
    {
        int flags = layout.Needs.Needs[id.Value];
        var t = layout.TraitsOf(id);
        bool runTime = layout.GotBindsAtRunTime(t);
        ulong block = layout.Got!.Address + (ulong)layout.Needs.GotIndex[id.Value] * 8;
        uint symbol = runTime ? (uint)layout.DynamicTables!.IndexOf(layout.Resolution.NameOf(id)) : 0;
        // A symbol bound in this module is addressed by its offset in the module's TLS block.
        long tlsOffset = !runTime && t.Tls ? (long)(layout.SymbolValue(id) - layout.TlsStart) : 0;
        long address = (flags & Got) != 0 && !runTime && layout.IsPie && !t.Absolute && !t.Undefined ? (long)layout.SymbolValue(id) : 0;
        Emit(flags, t, runTime, layout.IsPie, layout.IsSharedOutput, layout.Arch.DynamicTypes, block, symbol, tlsOffset, address,
            relative, ref relativeUsed, dynamic, ref dynamicUsed);
    }

    // Empty spans only count; the values are then never looked at.
    private static void Emit(int flags, in SymbolTraits t, bool runTime, bool pie, bool sharedOutput, in Arch.DynamicRelocationTypes types,
        ulong block, uint symbol, long tlsOffset, long address, Span<Elf64Rela> relative, ref int relativeUsed,
        Span<Elf64Rela> dynamic, ref int dynamicUsed)
    {
        void Dynamic(Span<Elf64Rela> into, ref int used, int slot, uint sym, uint type, long addend)
        {
            if (!into.IsEmpty)
                into[used] = new Elf64Rela { Offset = block + (ulong)slot * 8, Info = Elf64Rela.MakeInfo(sym, type), Addend = addend };
            used++;
        }

        if ((flags & Got) != 0)
        {
            int slot = SlotOffset(flags, Got);
            if (runTime) Dynamic(dynamic, ref dynamicUsed, slot, symbol, types.GlobDat, 0);
            else if (RelativeSlot(flags, t, runTime, pie) >= 0)
                Dynamic(relative, ref relativeUsed, slot, 0, types.Relative, address);
        }
        if ((flags & GotTp) != 0)
        {
            int slot = SlotOffset(flags, GotTp);
            if (runTime) Dynamic(dynamic, ref dynamicUsed, slot, symbol, types.TpOff64, 0);
            else if (sharedOutput) Dynamic(dynamic, ref dynamicUsed, slot, 0, types.TpOff64, tlsOffset);
        }
        if ((flags & TlsGd) != 0)
        {
            int slot = SlotOffset(flags, TlsGd);
            Dynamic(dynamic, ref dynamicUsed, slot, symbol, types.DtpMod64, 0);
            if (runTime) Dynamic(dynamic, ref dynamicUsed, slot + 1, symbol, types.DtpOff64, 0);
        }
        if ((flags & TlsDesc) != 0)
            Dynamic(dynamic, ref dynamicUsed, SlotOffset(flags, TlsDesc), symbol, types.TlsDesc, tlsOffset);
    }

    /// <summary>The bytes the file holds in one symbol's GOT block before ld.so runs.</summary>
    public static void Contents(Layout layout, SymbolId id, Span<byte> block)
    {
        int flags = layout.Needs.Needs[id.Value];
        var t = layout.TraitsOf(id);
        if (layout.GotBindsAtRunTime(t)) return; // filled in by ld.so; the file holds zeros
        ulong value = layout.SymbolValue(id);
        if ((flags & Got) != 0)
            BinaryPrimitives.WriteUInt64LittleEndian(block[(SlotOffset(flags, Got) * 8)..], value);
        if ((flags & GotTp) != 0 && !layout.IsSharedOutput)
            BinaryPrimitives.WriteUInt64LittleEndian(block[(SlotOffset(flags, GotTp) * 8)..], value - layout.ThreadPointer);
        if ((flags & TlsGd) != 0)
            // The module id comes from DTPMOD64; the offset within the module's block is known now.
            BinaryPrimitives.WriteUInt64LittleEndian(block[((SlotOffset(flags, TlsGd) + 1) * 8)..], value - layout.TlsStart);
    }
}

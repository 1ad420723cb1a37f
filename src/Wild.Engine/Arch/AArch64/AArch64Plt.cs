// The AArch64 PLT in GNU ld's four layouts. PLT0 (dynamic outputs, 32 bytes) saves x16 (the slot's address) and x30
// and jumps to ld.so's resolver through .got.plt[2]; with BTI it opens with `bti c`, since it is reached by `br x17`.
// An entry loads its .got.plt slot into x17 and jumps: 16 bytes plain; 24 with `bti c` first (a BTI output that is
// position dependent, where the entry can be a function's canonical address, reached by an indirect call), with
// `autia1716` before the jump (-z pac-plt: the slot holds a signed address), or both. The static IFUNC entries (.iplt)
// are entries like the others.
using System.Buffers.Binary;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Layout;

namespace Wild.Engine.Arch;

internal sealed partial class AArch64
{
    private const uint BtiC = 0xd503245f, Autia1716 = 0xd503219f, BrX17 = 0xd61f0220;

    // Flavour bits: PLT0 has a landing pad; each entry has one; each entry authenticates.
    private const int PltZeroBti = 1, PltEntryBti = 2, PltEntryPac = 4;

    public override int PltFlavour(LinkOptions options, byte[]? propertyNote)
    {
        bool bti = (PropertyNote.Value(propertyNote, ElfConstants.GNU_PROPERTY_AARCH64_FEATURE_1_AND) & ElfConstants.GNU_PROPERTY_AARCH64_FEATURE_1_BTI) != 0;
        bool pic = options.Kind is OutputKind.Shared or OutputKind.Pie or OutputKind.StaticPie;
        return (bti ? PltZeroBti : 0) | (bti && !pic ? PltEntryBti : 0) | (options.Z.PacPlt ? PltEntryPac : 0);
    }

    public override ulong PltEntrySizeOf(int flavour) => (flavour & (PltEntryBti | PltEntryPac)) != 0 ? 24UL : 16UL;

    public override void CheckProperties(Resolution.SymbolResolution res, SectionMap map, DiagnosticBag diagnostics)
    {
        if (!res.Options.Z.ForceBti) return;
        for (int i = 0; i < map.PropertyNotes.Length; i++)
            if ((PropertyNote.Value(map.PropertyNotes[i], ElfConstants.GNU_PROPERTY_AARCH64_FEATURE_1_AND) & ElfConstants.GNU_PROPERTY_AARCH64_FEATURE_1_BTI) == 0)
                diagnostics.Warn($"{res.Objects[map.PropertyNoteFiles[i]].DisplayName}: BTI turned on by -z force-bti when all inputs do not have BTI in NOTE section.");
    }

    public override void WritePlt(Layout.Layout layout, Span<byte> dest)
    {
        int flavour = layout.Synthetic.PltFlavour;
        ulong plt0 = layout.Plt!.Address;
        if (layout.PltHeaderSize > 0)
        {
            // stp x16, x30, [sp, #-16]!; adrp x16, GOT[2]; ldr x17, [x16, lo12]; add x16, x16, lo12; br x17; nops to 32.
            var w = new Words(dest[..32], plt0);
            if ((flavour & PltZeroBti) != 0) w.Put(BtiC);
            w.Put(0xa9bf7bf0u);
            w.LoadSlot(layout.GotPlt!.Address + 16);
            w.Put(BrX17);
            w.FillNops();
        }
        int size = (int)layout.Synthetic.PltEntrySize;
        for (int i = 0; i < layout.PltSymbols.Length; i++)
        {
            var id = layout.PltSymbols[i];
            ulong at = layout.PltEntryAddress(id);
            var w = new Words(dest.Slice((int)(at - plt0), size), at);
            if ((flavour & PltEntryBti) != 0) w.Put(BtiC);
            w.LoadSlot(layout.GotPltEntryAddress(id));
            if ((flavour & PltEntryPac) != 0) w.Put(Autia1716);
            w.Put(BrX17);
            w.FillNops();
        }
    }

    /// <summary>Instructions written one after another from an address.</summary>
    private ref struct Words(Span<byte> dest, ulong address)
    {
        private readonly Span<byte> _dest = dest;
        private int _at;

        public void Put(uint insn)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_dest[_at..], insn);
            _at += 4;
        }

        /// <summary>adrp x16, slot; ldr x17, [x16, lo12(slot)]; add x16, x16, lo12(slot).</summary>
        public void LoadSlot(ulong slot)
        {
            uint lo = (uint)(slot & 0xfff);
            Put(WithAdrImmediate(0x90000010u, (long)(Page(slot) - Page(address + (ulong)_at)) >> 12));
            Put(0xf9400211u | (lo >> 3) << 10);
            Put(0x91000210u | lo << 10);
        }

        public void FillNops()
        {
            while (_at < _dest.Length) Put(Nop);
        }
    }
}

// The x86-64 PLT in GNU ld 2.40's two layouts, chosen once per link (PltFlavour) from the merged .note.gnu.property
// and the options. Plain: PLT0 (push .got.plt[1]; jmp *.got.plt[2]), then 16-byte entries `jmp *slot; push index;
// jmp PLT0`, a slot first pointing at its entry's push. IBT (every input has GNU_PROPERTY_X86_FEATURE_1_IBT, or -z
// ibt forces it, or -z ibtplt asks): .plt keeps the same PLT0 and 16-byte lazy entries `endbr64; push index; jmp
// PLT0; xchg %ax,%ax`, whose starts the slots point at, and .plt.sec holds `endbr64; jmp *slot; nopw` per import,
// the address calls and a canonical function address use. An output without PLT0 (static, static PIE) has only the
// second kind of entry in .plt. A function called through the PLT that is also loaded from the GOT gets an entry in
// .plt.got instead, jumping through that GOT slot: `jmp *slot; xchg %ax,%ax` (8 bytes), or with IBT the .plt.sec form.
// Sizing and placing the sections is SyntheticSectionBuilder's; addresses SymbolAddresses'.
using System.Buffers.Binary;
using Wild.Engine.Elf;
using Wild.Engine.Layout;

namespace Wild.Engine.Arch;

internal sealed partial class X86_64
{
    /// <summary>The IBT-enabled PLT flavour (0 is the plain one).</summary>
    internal const int PltIbt = 1;

    private static ReadOnlySpan<byte> Endbr64 => [0xf3, 0x0f, 0x1e, 0xfa];

    public override ulong PltHeaderSize(bool dynamicOutput) => dynamicOutput ? 16UL : 0;

    public override ulong PltEntrySize => 16;

    // GNU ld makes the IBT PLT when the output's merged feature_1 property has IBT (every input has it, or -z ibt)
    // or when -z ibtplt asks for it whatever the inputs say.
    public override int PltFlavour(LinkOptions options, byte[]? propertyNote) =>
        options.Z.IbtPlt || (PropertyNote.Value(propertyNote, ElfConstants.GNU_PROPERTY_X86_FEATURE_1_AND) & ElfConstants.GNU_PROPERTY_X86_FEATURE_1_IBT) != 0
            ? PltIbt : 0;

    public override bool SplitsPlt(int flavour) => flavour == PltIbt;

    public override bool HasPltGot => true;

    public override ulong PltGotEntrySizeOf(int flavour) => flavour == PltIbt ? 16UL : 8UL;

    public override void WritePltGot(Layout.Layout layout, Span<byte> dest)
    {
        ulong start = layout.Synthetic.PltGot!.Address;
        bool ibt = layout.Synthetic.PltFlavour == PltIbt;
        int size = (int)PltGotEntrySizeOf(layout.Synthetic.PltFlavour);
        var symbols = layout.Needs.PltGotSymbols;
        for (int i = 0; i < symbols.Length; i++)
        {
            ulong at = start + (ulong)(i * size);
            var entry = dest.Slice(i * size, size);
            if (ibt) WriteIbtJump(entry, at, layout.GotEntryAddress(symbols[i]), layout, symbols[i]);
            else
            {
                // jmp *slot(%rip); xchg %ax,%ax
                entry[0] = 0xff; entry[1] = 0x25;
                BinaryPrimitives.WriteInt32LittleEndian(entry[2..], PltDisplacement(layout.GotEntryAddress(symbols[i]), at + 6, layout, symbols[i]));
                entry[6] = 0x66; entry[7] = 0x90;
            }
        }
    }

    // Plain: an import's slot holds the address of its entry's `push index`, 6 bytes in. IBT: the lazy entry's start,
    // its endbr64, since the slot is reached by an indirect jump.
    public override ulong LazyGotPltValue(ulong pltStart, ulong lazyEntryAddress, int flavour) =>
        flavour == PltIbt ? lazyEntryAddress : lazyEntryAddress + 6;

    public override void WritePlt(Layout.Layout layout, Span<byte> dest)
    {
        ulong plt0 = layout.Plt!.Address;
        ulong gotPlt = layout.GotPlt!.Address;
        bool ibt = layout.Synthetic.PltFlavour == PltIbt;
        for (int i = 0; i < layout.PltSymbols.Length; i++)
        {
            var id = layout.PltSymbols[i];
            ulong at = layout.LazyPltEntryAddress(id);
            var entry = dest.Slice((int)(at - plt0), 16);
            if (layout.PltHeaderSize == 0)
            {
                if (ibt) WriteIbtJump(entry, at, layout.GotPltEntryAddress(id), layout, id);
                else
                {
                    // jmp *slot(%rip) and a ten-byte no-op: IFUNC entries need no lazy path.
                    entry[0] = 0xff; entry[1] = 0x25;
                    BinaryPrimitives.WriteInt32LittleEndian(entry[2..], PltDisplacement(layout.GotPltEntryAddress(id), at + 6, layout, id));
                    ReadOnlySpan<byte> nop10 = [0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00];
                    nop10.CopyTo(entry[6..]);
                }
            }
            else if (ibt)
            {
                // endbr64; push $index; jmp PLT0; xchg %ax,%ax: the lazy path, entered from the slot by an indirect jump.
                Endbr64.CopyTo(entry);
                entry[4] = 0x68;
                BinaryPrimitives.WriteInt32LittleEndian(entry[5..], i);
                entry[9] = 0xe9;
                BinaryPrimitives.WriteInt32LittleEndian(entry[10..], (int)((long)plt0 - (long)(at + 14)));
                entry[14] = 0x66; entry[15] = 0x90;
            }
            else
            {
                // jmp *slot(%rip); push $index; jmp PLT0 — the lazy path taken until the slot is bound.
                entry[0] = 0xff; entry[1] = 0x25;
                BinaryPrimitives.WriteInt32LittleEndian(entry[2..], PltDisplacement(layout.GotPltEntryAddress(id), at + 6, layout, id));
                entry[6] = 0x68;
                BinaryPrimitives.WriteInt32LittleEndian(entry[7..], i);
                entry[11] = 0xe9;
                BinaryPrimitives.WriteInt32LittleEndian(entry[12..], (int)((long)plt0 - (long)(at + 16)));
            }
        }
        // PLT0 after the entries: an entry out of reach is reported by its symbol's name first. GNU ld 2.40 writes the
        // same PLT0 with IBT: it is reached by a push and a direct jump from the lazy entries, never indirectly.
        if (layout.PltHeaderSize > 0)
        {
            // PLT0: push GOT[1] (the link map); jmp *GOT[2] (ld.so's resolver).
            dest[0] = 0xff; dest[1] = 0x35;
            BinaryPrimitives.WriteInt32LittleEndian(dest[2..], PltDisplacement(gotPlt + 8, plt0 + 6, layout, Symbols.SymbolId.None));
            dest[6] = 0xff; dest[7] = 0x25;
            BinaryPrimitives.WriteInt32LittleEndian(dest[8..], PltDisplacement(gotPlt + 16, plt0 + 12, layout, Symbols.SymbolId.None));
            dest[12] = 0x0f; dest[13] = 0x1f; dest[14] = 0x40; dest[15] = 0x00;
        }
    }

    public override void WritePltSec(Layout.Layout layout, Span<byte> dest)
    {
        ulong start = layout.Synthetic.PltSec!.Address;
        for (int i = 0; i < layout.PltSymbols.Length; i++)
        {
            var id = layout.PltSymbols[i];
            ulong at = layout.PltEntryAddress(id);
            WriteIbtJump(dest.Slice((int)(at - start), 16), at, layout.GotPltEntryAddress(id), layout, id);
        }
    }

    /// <summary>endbr64; jmp *slot(%rip); nopw 0(%rax,%rax,1): a .plt.sec or IBT .plt.got entry, or a static output's
    /// IFUNC entry with IBT.</summary>
    private static void WriteIbtJump(Span<byte> entry, ulong at, ulong slot, Layout.Layout layout, Symbols.SymbolId id)
    {
        Endbr64.CopyTo(entry);
        entry[4] = 0xff; entry[5] = 0x25;
        BinaryPrimitives.WriteInt32LittleEndian(entry[6..], PltDisplacement(slot, at + 10, layout, id));
        ReadOnlySpan<byte> nop6 = [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00];
        nop6.CopyTo(entry[10..]);
    }

    /// <summary>A PLT instruction's 32-bit displacement to its .got.plt (or, from .plt.got, GOT) slot (<paramref name="id"/>'s, or PLT0's for
    /// none). A slot more than 2 GiB away cannot be reached: GNU ld refuses the link, and so does this, rather than
    /// write a jump through a truncated displacement.</summary>
    private static int PltDisplacement(ulong target, ulong next, Layout.Layout layout, Symbols.SymbolId id)
    {
        long displacement = unchecked((long)target - (long)next);
        if (displacement == (int)displacement) return (int)displacement;
        string entry = "PLT0 entry";
        if (!id.IsNone)
        {
            var bytes = layout.Db.NameBytes(layout.Db.NameOf(id));
            entry = $"PLT entry for `{(layout.Options.Demangle && Symbols.Demangler.TryDemangle(bytes, out string demangled) ? demangled : System.Text.Encoding.UTF8.GetString(bytes))}'";
        }
        throw new Diagnostics.LinkException(Diagnostics.ErrorId.RelocationOverflow,
            $"PC-relative offset overflow in {entry}: its .got.plt slot at 0x{target:x} is out of reach of the PLT at 0x{next:x}; place .got.plt within 2 GiB of .plt");
    }
}

// Everything that differs between the machines Wild links for, behind one type chosen from the inputs'
// e_machine: how the relocation scan classifies each relocation (GOT, PLT, TLS model, copy relocation,
// canonical PLT), how the writer applies it (with the TLS and GOT relaxations), the PLT and GOT-PLT entry
// formats, the dynamic relocation numbers, where the thread pointer sits in the TLS block, and the names and
// defaults the command line and the output need. The phases around it (classify, gc, output sections,
// addresses, the writer's parallel copy) are the same for every machine; adding one means adding a folder.
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Layout;
using Wild.Engine.Writing;
using Wild.Engine.Input;

namespace Wild.Engine.Arch;

internal abstract class Architecture
{
    /// <summary>The architecture for an ELF e_machine value; null for one Wild cannot link.</summary>
    public static Architecture? For(ushort machine) => machine switch
    {
        ElfConstants.EM_X86_64 => X86_64.Instance,
        ElfConstants.EM_AARCH64 => AArch64.Instance,
        _ => null,
    };

    /// <summary>The architecture of a link: the machine of its loaded objects and shared objects, which must all be the
    /// same (and the -m emulation's, when one was named); x86-64 for a link of no object at all. A mixture is refused
    /// naming the first file of each machine, as is an output kind the architecture cannot make yet.</summary>
    public static Architecture ForLink(Resolution.SymbolResolution res)
    {
        Input.ObjectFile? first = null;
        foreach (var f in res.LoadedFiles)
            first = Same(first, res.Objects[f]);
        foreach (var f in res.SharedObjects)
            first = Same(first, res.Objects[f]);
        ushort wanted = res.Options.Machine;
        if (first is not null && wanted != 0 && first.Machine != wanted)
            throw new LinkException(ErrorId.WrongMachine,
                $"{first.DisplayName} is {MachineName(first.Machine)} but -m asked for {MachineName(wanted)}", first.DisplayName);
        ushort machine = first?.Machine ?? (wanted != 0 ? wanted : ElfConstants.EM_X86_64);
        var arch = For(machine)
            ?? throw new LinkException(ErrorId.WrongMachine, $"{first?.DisplayName}: no architecture for e_machine {machine}", first?.DisplayName ?? "");
        arch.CheckOutput(res.Options);
        return arch;
    }

    /// <summary>The same checks on the files named for a link, before symbols are resolved, so that a mixture (or an
    /// output kind the machine cannot make) is reported as such rather than as the undefined symbols it causes.
    /// Archive members are left to <see cref="ForLink"/>: only the ones the link loads count. A -no-pie link is only
    /// known to be static once resolution has found no shared object, so its kind is checked there too.</summary>
    public static void CheckInputs(Input.InputSet inputs, LinkOptions options)
    {
        Input.ObjectFile? first = null;
        foreach (var obj in inputs.Objects)
            if (obj.Archive is null) first = Same(first, obj);
        if (first is null) return;
        if (options.Machine != 0 && first.Machine != options.Machine)
            throw new LinkException(ErrorId.WrongMachine,
                $"{first.DisplayName} is {MachineName(first.Machine)} but -m asked for {MachineName(options.Machine)}", first.DisplayName);
        if (options.Kind != OutputKind.Dynamic) For(first.Machine)?.CheckOutput(options);
    }

    private static Input.ObjectFile? Same(Input.ObjectFile? first, Input.ObjectFile obj)
    {
        if (obj.IsLtoStub) return first; // a placeholder machine: the code the plugin compiles from it is checked instead
        if (first is null || first.Machine == obj.Machine) return first ?? obj;
        throw new LinkException(ErrorId.WrongMachine,
            $"{obj.DisplayName} is {MachineName(obj.Machine)} but {first.DisplayName} is {MachineName(first.Machine)}: one link makes code for one machine",
            obj.DisplayName);
    }

    private static string MachineName(ushort machine) => For(machine)?.Name ?? $"e_machine {machine}";

    /// <summary>The machine's name in messages (x86-64, AArch64).</summary>
    public abstract string Name { get; }

    /// <summary>Refuses, by name, an output kind or option this architecture cannot link yet.</summary>
    protected virtual void CheckOutput(LinkOptions options) { }

    /// <summary>-z max-page-size when none is given: segments are aligned to it in the file and in memory, so a
    /// kernel with pages this large can map them (GNU ld's default for the emulation).</summary>
    public abstract ulong DefaultMaxPageSize { get; }

    /// <summary>-z separate-code when neither it nor -z noseparate-code is given (GNU ld's default for the emulation).</summary>
    public virtual bool DefaultSeparateCode => true;

    /// <summary>Whether _GLOBAL_OFFSET_TABLE_ names the start of .got (AArch64: GOT-relative relocations count from
    /// it, and must stay positive) rather than of .got.plt (x86-64, where %rip-relative GOTPC code expects it).</summary>
    public virtual bool GlobalOffsetTableAtGot => false;

    /// <summary>e_machine of the inputs and of the output.</summary>
    public abstract ushort Machine { get; }

    /// <summary>The -m emulation name GNU ld uses for this machine (elf_x86_64).</summary>
    public abstract string Emulation { get; }

    /// <summary>PT_INTERP of a dynamic executable when --dynamic-linker does not name one.</summary>
    public abstract string DefaultDynamicLinker { get; }

    /// <summary>Where a position-dependent executable is loaded (GNU ld's default -Ttext-segment).</summary>
    public abstract ulong DefaultImageBase { get; }

    /// <summary>The relocation type's name as the psABI spells it, for diagnostics.</summary>
    public abstract string RelocationName(uint type);

    /// <summary>Decides what each relocation of one allocated input section needs (GOT and PLT entries, copy
    /// relocations, dynamic relocations), recording it in <paramref name="scan"/>; refuses what it cannot link.</summary>
    public abstract void ScanSection(ref FileScan scan, int section, ReadOnlySpan<Elf64Rela> relocs, bool isEhFrame);

    /// <summary>Applies one input section's relocations to its bytes, already copied to <paramref name="output"/>,
    /// which holds the input from offset <paramref name="inputBase"/> onwards at <paramref name="address"/>.</summary>
    public abstract void ApplySection(ref RelocationApplier applier, int section, ReadOnlySpan<Elf64Rela> relocs,
        Span<byte> output, long inputBase, ulong address, bool alloc);

    /// <summary>--emit-relocs: the type and (input-section) offset a kept relocation is written with. GNU ld writes
    /// a relaxed GOT load with the type of the instruction it became (see KeptRelocations); this default keeps the
    /// input's.</summary>
    public virtual (uint Type, ulong Offset) KeptForm(Layout.Layout layout, ReadOnlySpan<byte> input, in Elf64Rela rel, Symbols.SymbolId target) =>
        (rel.Type, rel.Offset);

    /// <summary>Fills padding between input sections of a code output section with no-op instructions, as GNU ld fills
    /// it when no fill pattern is given (Writing/CodePadding).</summary>
    public abstract void FillCodeGap(Span<byte> gap);

    /// <summary>The dynamic relocation types the linker itself emits.</summary>
    public abstract DynamicRelocationTypes DynamicTypes { get; }

    /// <summary>Bytes of the PLT's header (the lazy-binding trampoline into ld.so) in a dynamic output, 0 otherwise.</summary>
    public abstract ulong PltHeaderSize(bool dynamicOutput);

    /// <summary>Bytes of one PLT entry.</summary>
    public abstract ulong PltEntrySize { get; }

    /// <summary>Which variant of PLT entries an output with these options and merged .note.gnu.property gets (AArch64:
    /// BTI landing pads, PAC authentication); 0, the plain one, by default.</summary>
    public virtual int PltFlavour(LinkOptions options, byte[]? propertyNote) => 0;

    /// <summary>Bytes of one PLT entry of a flavour.</summary>
    public virtual ulong PltEntrySizeOf(int flavour) => PltEntrySize;

    /// <summary>Whether a dynamic output of this flavour splits its PLT in two (x86-64's IBT PLT): .plt keeps PLT0 and
    /// the lazy entries the .got.plt slots first point at, and .plt.sec holds the entries of the same size that calls
    /// and canonical function addresses use, written by <see cref="WritePltSec"/>.</summary>
    public virtual bool SplitsPlt(int flavour) => false;

    /// <summary>Whether the machine puts a run-time-bound function that is both called through the PLT and loaded from
    /// the GOT in .plt.got (x86-64, as GNU ld does), an entry jumping through its GOT slot with no lazy path.</summary>
    public virtual bool HasPltGot => false;

    /// <summary>Bytes of one .plt.got entry of a PLT flavour.</summary>
    public virtual ulong PltGotEntrySizeOf(int flavour) => 0;

    /// <summary>Writes .plt.got, one entry per RelocationNeeds.PltGotSymbols.</summary>
    public virtual void WritePltGot(Layout.Layout layout, Span<byte> dest) =>
        throw new InvalidOperationException($"internal error: {Name} makes no .plt.got");

    /// <summary>Writes .plt.sec, one entry per PLT symbol (only for a flavour that <see cref="SplitsPlt"/>).</summary>
    public virtual void WritePltSec(Layout.Layout layout, Span<byte> dest) =>
        throw new InvalidOperationException($"internal error: {Name} makes no .plt.sec");

    /// <summary>Warns about the inputs' properties as the machine's GNU ld does (AArch64: -z force-bti over inputs
    /// without BTI); once per link, after sections are classified.</summary>
    public virtual void CheckProperties(Resolution.SymbolResolution res, SectionMap map, DiagnosticBag diagnostics) { }

    /// <summary>Writes the PLT: its header (dynamic outputs) and one entry per symbol that needs one.</summary>
    public abstract void WritePlt(Layout.Layout layout, Span<byte> dest);

    /// <summary>What an import's .got.plt slot holds before ld.so binds it (the lazy path back into the PLT, which
    /// starts at <paramref name="pltStart"/>; the import's entry there, its lazy one when the PLT is split, is at
    /// <paramref name="lazyEntryAddress"/>).</summary>
    public abstract ulong LazyGotPltValue(ulong pltStart, ulong lazyEntryAddress, int flavour);

    /// <summary>How far (± bytes) the branches that may go through a range-extension thunk reach (AArch64's B/BL:
    /// 128 MiB); 0 for a machine whose branches reach everywhere (x86-64), which gets no thunks.</summary>
    public virtual long BranchReach => 0;

    /// <summary>Whether a relocation type is such a branch (ThunkPlanner).</summary>
    public virtual bool IsThunkBranch(uint type) => false;

    /// <summary>Bytes of one range-extension thunk.</summary>
    public virtual ulong ThunkSize => 0;

    /// <summary>Writes a thunk at <paramref name="at"/> that jumps to <paramref name="target"/>; throws when it cannot.</summary>
    public virtual void WriteThunk(Span<byte> dest, ulong at, ulong target) =>
        throw new InvalidOperationException($"internal error: {Name} makes no range-extension thunks");

    /// <summary>The thread pointer's address relative to an executable's TLS block [start, end), aligned to
    /// <paramref name="align"/>: the address every local-exec offset is taken from.</summary>
    public abstract ulong ThreadPointer(ulong tlsStart, ulong tlsEnd, ulong align);

    /// <summary>
    /// An absolute 64-bit reference to a run-time-bound symbol becomes a symbolic dynamic relocation, unless it
    /// sits in a read-only section of a position-dependent executable and the symbol lives in a shared object:
    /// then the symbol is given a link-time address instead (copy relocation or canonical PLT), so nothing writes
    /// to read-only memory. A PIE or shared object takes the dynamic relocation there too (a text relocation), as
    /// GNU ld does: its addresses are not known before it is loaded anyway.
    /// </summary>
    public static bool NeedsSymbolicRelocation(SymbolTraits t, bool writableSection, bool pie) =>
        t.Dynamic && (writableSection || !t.Shared || pie);

    /// <summary>An error naming the input section and offset of a relocation that cannot be linked.</summary>
    public static LinkException Unsupported(Input.ObjectFile obj, int section, in Elf64Rela rel, string why) =>
        new(ErrorId.UnsupportedRelocation,
            $"{obj.DisplayName}:({obj.SectionNameString(section)}+0x{rel.Offset:x}): {why}", obj.DisplayName);
}

/// <summary>The numbers of the dynamic relocations the linker writes, which each psABI assigns its own way.</summary>
internal readonly record struct DynamicRelocationTypes(
    uint Absolute64, uint Relative, uint GlobDat, uint JumpSlot, uint IRelative, uint Copy,
    uint DtpMod64, uint DtpOff64, uint TpOff64, uint TlsDesc);

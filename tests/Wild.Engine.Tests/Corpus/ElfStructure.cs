using ELFSharp.ELF;
using ELFSharp.ELF.Segments;

namespace Wild.Engine.Tests.Corpus;

/// <summary>
/// Structural checks of a linked executable, read with ELFSharp: an implementation independent of
/// Wild's own reader, so the two must agree on what the file says.
/// </summary>
public static class ElfStructure
{
    private const uint PT_LOAD = 1;
    private const uint PT_DYNAMIC = 2;
    private const uint PT_INTERP = 3;
    private const uint PT_TLS = 7;
    private const uint PT_GNU_STACK = 0x6474e551;
    private const uint PT_GNU_RELRO = 0x6474e552;
    private const ulong PageSize = 0x1000;

    private sealed record Seg(uint Type, bool R, bool W, bool X, ulong Vaddr, ulong Memsz, ulong Offset, ulong Filesz, ulong Align);

    private sealed record Image(Class Class, Machine Machine, FileType Type, ulong Entry, List<Seg> Segments, long FileLength);

    private static Image Read(string path)
    {
        if (ELFReader.CheckELFType(path) != Class.Bit64)
            return new Image(Class.Bit32, Machine.None, FileType.None, 0, [], new FileInfo(path).Length);
        using var elf = ELFReader.Load<ulong>(path);
        var segs = elf.Segments.Select(s => new Seg(
            (uint)s.Type,
            s.Flags.HasFlag(SegmentFlags.Read),
            s.Flags.HasFlag(SegmentFlags.Write),
            s.Flags.HasFlag(SegmentFlags.Execute),
            s.Address, s.Size, (ulong)s.Offset, (ulong)s.FileSize, s.Alignment)).ToList();
        return new Image(elf.Class, elf.Machine, elf.Type, elf.EntryPoint, segs, new FileInfo(path).Length);
    }

    /// <summary>Returns every violated rule (empty when the file is sound).</summary>
    public static List<string> Check(string path, string referencePath, LinkMode mode, Machine machine = Machine.AMD64)
    {
        var problems = new List<string>();
        var img = Read(path);
        var reference = Read(referencePath);

        if (img.Class != Class.Bit64)
            return [$"ELF class is {img.Class}, expected ELF64"];
        if (img.Machine != machine)
            problems.Add($"e_machine is {img.Machine}, expected {machine}");
        var expectedType = mode is LinkMode.StaticPie or LinkMode.Pie ? FileType.SharedObject : FileType.Executable;
        if (img.Type != expectedType)
            problems.Add($"e_type is {img.Type}, expected {expectedType} for {CorpusCase.ModeName(mode)}");

        var loads = img.Segments.Where(s => s.Type == PT_LOAD).ToList();
        // A script that puts code and data in one 64 KiB page (AArch64's) makes GNU ld write one RWX segment too.
        bool referenceRwx = reference.Segments.Any(s => s.Type == PT_LOAD && s.W && s.X);
        if (loads.Count == 0)
            problems.Add("no PT_LOAD segment");

        if (!loads.Any(s => s.X && img.Entry >= s.Vaddr && img.Entry < s.Vaddr + s.Memsz))
            problems.Add($"entry point 0x{img.Entry:x} is not inside an executable PT_LOAD");

        for (int i = 0; i < loads.Count; i++)
        {
            var s = loads[i];
            string n = $"PT_LOAD[{i}] (vaddr 0x{s.Vaddr:x}, offset 0x{s.Offset:x})";
            if (i > 0)
            {
                var prev = loads[i - 1];
                if (s.Vaddr < prev.Vaddr)
                    problems.Add($"{n} is not sorted by vaddr after 0x{prev.Vaddr:x}");
                else if (prev.Vaddr + prev.Memsz > s.Vaddr)
                    problems.Add($"{n} overlaps the previous PT_LOAD, which ends at 0x{prev.Vaddr + prev.Memsz:x}");
            }
            if (s.Vaddr % PageSize != s.Offset % PageSize)
                problems.Add($"{n}: vaddr and offset differ modulo the page size");
            if (s.Align > 1 && s.Vaddr % s.Align != s.Offset % s.Align)
                problems.Add($"{n}: vaddr and offset differ modulo p_align 0x{s.Align:x}");
            if (s.Filesz > s.Memsz)
                problems.Add($"{n}: p_filesz 0x{s.Filesz:x} > p_memsz 0x{s.Memsz:x}");
            if (s.Offset + s.Filesz > (ulong)img.FileLength)
                problems.Add($"{n}: file range ends at 0x{s.Offset + s.Filesz:x}, past the end of the file (0x{img.FileLength:x})");
            if (s.W && s.X && !referenceRwx)
                problems.Add($"{n} is both writable and executable");
        }

        // One PT_GNU_STACK where GNU ld writes one (an input with .note.GNU-stack, -z execstack/noexecstack,
        // -z stack-size), none where it writes none (hand-written assembly alone).
        var stack = img.Segments.Where(s => s.Type == PT_GNU_STACK).ToList();
        int refStacks = reference.Segments.Count(s => s.Type == PT_GNU_STACK);
        if (stack.Count != refStacks)
            problems.Add($"expected {refStacks} PT_GNU_STACK as GNU ld writes, found {stack.Count}");
        else if (stack.Count == 1)
        {
            // Executable only where GNU ld made it so (an input's .note.GNU-stack asks for it: GCC's nested functions).
            bool refX = reference.Segments.Any(s => s.Type == PT_GNU_STACK && s.X);
            if (stack[0].X && !refX) problems.Add("PT_GNU_STACK is executable");
            else if (!stack[0].X && refX) problems.Add("PT_GNU_STACK is not executable, GNU ld's is");
        }

        bool interp = img.Segments.Any(s => s.Type == PT_INTERP);
        if (mode is LinkMode.Static or LinkMode.StaticPie)
        {
            if (interp) problems.Add("a static executable must not have PT_INTERP");
        }
        else if (interp != reference.Segments.Any(s => s.Type == PT_INTERP))
            problems.Add(interp ? "ours has PT_INTERP, GNU ld's output does not" : "GNU ld's output has PT_INTERP, ours does not");

        var tls = img.Segments.Where(s => s.Type == PT_TLS).ToList();
        bool refTls = reference.Segments.Any(s => s.Type == PT_TLS);
        if (tls.Count > 1)
            problems.Add($"{tls.Count} PT_TLS segments");
        if ((tls.Count == 1) != refTls)
            problems.Add(refTls ? "GNU ld's output has PT_TLS, ours does not" : "ours has PT_TLS, GNU ld's output does not");
        foreach (var t in tls)
        {
            if (t.Filesz > 0 && !loads.Any(l => t.Vaddr >= l.Vaddr && t.Vaddr + t.Filesz <= l.Vaddr + l.Filesz))
                problems.Add("the PT_TLS initialisation image is not inside a PT_LOAD's file range");
        }

        bool refDynamic = reference.Segments.Any(s => s.Type == PT_DYNAMIC);
        bool dynamic = img.Segments.Any(s => s.Type == PT_DYNAMIC);
        if (dynamic != refDynamic)
            problems.Add(refDynamic ? "GNU ld's output has PT_DYNAMIC, ours does not" : "ours has PT_DYNAMIC, GNU ld's output does not");

        // DT_RELR (-z pack-relative-relocs) where GNU ld has it, and every word it relocates in a writable PT_LOAD
        // (without text relocations): a table that encodes the wrong addresses patches code or misses data.
        var tags = DynamicTags(path, img.Segments);
        var refTags = DynamicTags(referencePath, reference.Segments);
        bool relr = tags?.ContainsKey(DT_RELR) == true;
        if (relr != (refTags?.ContainsKey(DT_RELR) == true))
            problems.Add(relr ? "ours has DT_RELR, GNU ld's output does not" : "GNU ld's output has DT_RELR, ours does not");
        if (relr && !tags!.ContainsKey(DT_TEXTREL))
            foreach (ulong address in RelrAddresses(path, loads, tags[DT_RELR], tags.GetValueOrDefault(DT_RELRSZ)))
                if (!loads.Any(l => l.W && address >= l.Vaddr && address + 8 <= l.Vaddr + l.Memsz))
                {
                    problems.Add($"DT_RELR relocates 0x{address:x}, outside every writable PT_LOAD");
                    break;
                }

        // glibc's loader rounds the end of the relro range down to a page before mprotect: a region that ends
        // inside a page leaves that page (.got, .dynamic) writable. GNU ld always ends it on a page boundary.
        foreach (var r in img.Segments.Where(s => s.Type == PT_GNU_RELRO))
            if ((r.Vaddr + r.Memsz) % PageSize != 0)
                problems.Add($"PT_GNU_RELRO [0x{r.Vaddr:x}, 0x{r.Vaddr + r.Memsz:x}) does not end on a page boundary");

        return problems;
    }

    private const long DT_TEXTREL = 22, DT_RELRSZ = 35, DT_RELR = 36;

    /// <summary>The first value of each tag in PT_DYNAMIC, read from the file; null without PT_DYNAMIC.</summary>
    private static Dictionary<long, ulong>? DynamicTags(string path, List<Seg> segments)
    {
        if (segments.FirstOrDefault(s => s.Type == PT_DYNAMIC) is not { } dynamic) return null;
        var bytes = File.ReadAllBytes(path);
        var tags = new Dictionary<long, ulong>();
        for (ulong at = dynamic.Offset; at + 16 <= dynamic.Offset + dynamic.Filesz && at + 16 <= (ulong)bytes.Length; at += 16)
        {
            long tag = BitConverter.ToInt64(bytes, (int)at);
            if (tag == 0) break;
            tags.TryAdd(tag, BitConverter.ToUInt64(bytes, (int)at + 8));
        }
        return tags;
    }

    /// <summary>The addresses a RELR table relocates (the gABI's decoding), read through the PT_LOAD holding it.</summary>
    private static List<ulong> RelrAddresses(string path, List<Seg> loads, ulong address, ulong size)
    {
        if (loads.FirstOrDefault(l => address >= l.Vaddr && address + size <= l.Vaddr + l.Filesz) is not { } load) return [address];
        var bytes = File.ReadAllBytes(path);
        var table = new ulong[size / 8];
        for (int i = 0; i < table.Length; i++) table[i] = BitConverter.ToUInt64(bytes, (int)(load.Offset + (address - load.Vaddr)) + 8 * i);
        return Wild.Engine.Tests.Engine.RelrTests.Relocated.DecodeRelr(table);
    }
}

// Phase "Classify sections": decides, per input section of every loaded object, whether it can reach the output
// and under which output name (GNU ld's default script: .text.* into .text, and so on), finds the RELA section
// that relocates it (checking every relocation's symbol index once, so later phases index symbols directly),
// parses .eh_frame into records, and collects .note.gnu.property notes. In parallel per object, merged in input
// order. Liveness (--gc-sections) is the next phase's; without it, every classified section is live.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Scripts;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;

namespace Wild.Engine.Layout;

internal static class SectionClassifier
{
    public static SectionMap Classify(SymbolResolution res, ParallelWork work, DiagnosticBag diagnostics)
    {
        var objects = res.Objects;
        var options = res.Options;
        var bases = new int[objects.Length + 1];
        foreach (var f in FileId.All(objects.Length))
            bases[f + 1] = bases[f] + (res.IsLoaded(f) ? objects[f].SectionCount : 0);
        int total = bases[^1];
        var outName = new string?[total];
        var relaOf = new int[total];
        bool linkFdes = options.GcSections;
        var live = linkFdes ? null : new bool[total];
        int[] fdeHead = [];
        if (linkFdes)
        {
            fdeHead = new int[total];
            Array.Fill(fdeHead, -1);
        }

        // With a -T script, its rules name the output section (first match wins); a section no rule matches is an
        // orphan and keeps its own name, as in GNU ld. ruleOf records the matching rule for the order inside the
        // output section and for KEEP.
        var script = options.LinkerScript is { HasSections: true } sp ? sp : null;
        var ruleOf = script is null ? null : new int[total];
        var constraints = script is not null && ScriptConstraints.Needed(script) ? ResolveConstraints(res, script) : null;
        var loaded = res.LoadedFiles;
        var ehByFile = new List<EhFrameSection>?[loaded.Length];
        var orphansByFile = options.OrphanHandling == OrphanHandling.Place ? null : new List<SectionMap.Orphan>?[loaded.Length];
        var fdesByFile = new List<(int TargetFlat, int Rela, int FirstReloc, int EndReloc)>?[loaded.Length];
        work.For(loaded.Length, i =>
        {
            var f = loaded[i];
            var obj = objects[f];
            var headers = obj.SectionHeaders;
            byte[] scriptFileName = script is null ? [] : ScriptFileName(obj);
            byte[]? scriptArchive = script is null || obj.Archive is null ? null : System.Text.Encoding.UTF8.GetBytes(obj.Archive.Path);
            for (int s = 1; s < obj.SectionCount; s++)
            {
                ref readonly var h = ref headers[s];
                if (ruleOf is not null) ruleOf[bases[f] + s] = -1;
                if (h.Type == SHT_RELA)
                {
                    // The section's header (target, symbol table, entry size) was checked when the object was
                    // read (RelocationSections); its entries' symbol indices are checked once here, so every
                    // later phase may index the symbol table directly.
                    foreach (var rel in obj.Relocations(s))
                        if (rel.SymbolIndex >= (uint)obj.SymbolCount)
                            throw obj.Malformed($"relocation at {obj.SectionNameString((int)h.Info)}+0x{rel.Offset:x} references invalid symbol index {rel.SymbolIndex}");
                    relaOf[bases[f] + (int)h.Info] = s;
                    continue;
                }
                if (h.Type == SHT_REL)
                    throw obj.Malformed($"section [{s}] uses SHT_REL relocations, which x86-64 objects never use");
                if (h.Type is SHT_NULL or SHT_SYMTAB or SHT_STRTAB or SHT_GROUP or SHT_SYMTAB_SHNDX or SHT_LLVM_ADDRSIG)
                    continue;
                if (res.IsDiscarded(f, s) || (h.Flags & SHF_EXCLUDE) != 0)
                    continue;
                // A compressed section is linked as the bytes it decompresses to (Decompress sections, next).
                if ((h.Flags & SHF_COMPRESSED) != 0 && h.IsAlloc)
                    throw obj.Malformed($"section [{s}] {obj.SectionNameString(s)} is SHF_COMPRESSED and allocatable");
                var name = obj.SectionName(s);
                if (h.Type == SHT_X86_64_UNWIND && !name.SequenceEqual(".eh_frame"u8))
                    throw new LinkException(ErrorId.UnsupportedSection,
                        $"{obj.DisplayName}: unwind section {obj.SectionNameString(s)} is not supported", obj.DisplayName);
                var output = OutputName(name, h.Type, h.Flags, options.StripDebug || options.StripAll);
                // --orphan-handling: a section no rule names (of the -T script, or of GNU ld's default script with none
                // or with INSERT) is reported, or dropped, as GNU ld does; sections -S/-s strip are not placed at all.
                bool orphan = orphansByFile is not null && !obj.IsShared && !(output is null && IsStrippedDebug(name, options))
                    && (script is null || script.Insert is not null
                        ? !GnuDefaultSectionNames.Names(name) && script?.Match(scriptFileName, scriptArchive, name, constraints) is null
                        : script.Match(scriptFileName, scriptArchive, name, constraints) is null);
                if (orphan)
                {
                    string placedIn = script is { Insert: null } ? obj.SectionNameString(s) : output ?? obj.SectionNameString(s);
                    (orphansByFile![i] ??= []).Add(new SectionMap.Orphan(f, s, placedIn, output is null));
                    if (options.OrphanHandling == OrphanHandling.Discard) continue;
                }
                if (script is not null && output is not null && !obj.IsShared)
                {
                    var rule = script.Match(scriptFileName, scriptArchive, name, constraints);
                    if (rule is not null && rule.Output is not null && name.SequenceEqual(".eh_frame"u8) && rule.Output != ".eh_frame")
                        throw rule.Command.Position.Unsupported($"putting .eh_frame ({obj.DisplayName}) in output section {rule.Output}");
                    // An orphan keeps its own name under a script that lays out everything (GNU ld); under INSERT
                    // the default layout, and its names, stand.
                    output = rule is not null ? rule.Output : script.Insert is null ? obj.SectionNameString(s) : output;
                    if (rule is not null) ruleOf![bases[f] + s] = rule.Index;
                }
                // GNU ld renames a legacy .zdebug_* section it decompresses: its bytes are .debug_*'s.
                if (output is not null && obj.IsCompressed(s) && name.StartsWith(".zdebug"u8))
                    output = ".debug" + output[".zdebug".Length..];
                // With --gdb-index, lld leaves out .debug_gnu_pubnames/pubtypes: they exist only to build the
                // index, which holds their names. An input's own .gdb_index would clash with the one we write.
                if (options.GdbIndex && output is ".debug_gnu_pubnames" or ".debug_gnu_pubtypes" or ".gdb_index")
                    output = null;
                outName[bases[f] + s] = output;
                // Without --gc-sections every section that goes to the output is live; saying so here, in
                // the parallel pass, saves a serial walk over every section.
                if (live is not null && output is not null) live[bases[f] + s] = true;
            }
            // .eh_frame records, and the function section each FDE covers.
            for (int s = 1; s < obj.SectionCount; s++)
            {
                if (outName[bases[f] + s] != ".eh_frame") continue;
                var eh = EhFrameSection.Parse(obj, f, s, relaOf[bases[f] + s]);
                (ehByFile[i] ??= []).Add(eh);
                if (!linkFdes) continue;
                var relocs = eh.RelaSection > 0 ? obj.Relocations(eh.RelaSection) : default;
                foreach (var rec in eh.Records)
                {
                    if (!rec.IsFde) continue;
                    int r = EhFrameSection.PcBeginReloc(relocs, rec);
                    if (r < 0) continue;
                    var (tf, ts) = SectionMap.TargetSection(res, f, (int)relocs[r].SymbolIndex);
                    if (ts > 0) (fdesByFile[i] ??= []).Add((bases[tf] + ts, eh.RelaSection, rec.FirstReloc, rec.EndReloc));
                }
            }
        });

        // Merge per-file results in input order.
        int fdeCount = 0;
        foreach (var list in fdesByFile) fdeCount += list?.Count ?? 0;
        var fdes = new SectionMap.FdeLink[fdeCount];
        fdeCount = 0;
        var ehFrames = new List<EhFrameSection>();
        var ehBySection = new Dictionary<long, EhFrameSection>();
        for (int i = 0; i < loaded.Length; i++)
        {
            var f = loaded[i];
            foreach (var eh in ehByFile[i] ?? [])
            {
                ehFrames.Add(eh);
                ehBySection[bases[f] + eh.Section] = eh;
            }
            foreach (var (target, rela, first, end) in fdesByFile[i] ?? [])
            {
                fdes[fdeCount] = new SectionMap.FdeLink(f, rela, first, end, fdeHead[target]);
                fdeHead[target] = fdeCount++;
            }
        }

        // .note.gnu.property notes in input order, and what the objects' .note.GNU-stack say of the stack.
        var notes = new List<byte[]>();
        var noteFiles = new List<int>();
        string? stackReason = null, missingNote = null;
        bool anyStackNote = false;
        foreach (var f in loaded)
        {
            var obj = objects[f];
            byte[]? property = null;
            bool? executableStackNote = null;
            for (int s = 1; s < obj.SectionCount; s++)
            {
                ref readonly var h = ref obj.SectionHeaders[s];
                if (h.Type == SHT_NOTE && obj.SectionNameIs(s, ".note.gnu.property"u8) && !res.IsDiscarded(f, s) && !obj.IsShared)
                    property = property is null ? obj.SectionData(s).ToArray() : [.. property, .. obj.SectionData(s)];
                else if (h.Type == SHT_PROGBITS && obj.SectionNameIs(s, ".note.GNU-stack"u8))
                    executableStackNote = (h.Flags & SHF_EXECINSTR) != 0;
            }
            // The merge counts relocatable objects with a property note or with code: an object with code but no
            // note weakens the AND-merged properties; one with neither (crti.o's data-only cousins) does not, as in
            // GNU ld. Shared objects take no part: their properties are their own.
            if (property is not null) notes.Add(property);
            else if (!obj.IsShared && HasCode(obj)) notes.Add([]);
            if (noteFiles.Count < notes.Count) noteFiles.Add(f);
            // GNU ld's rule on x86-64: an object whose .note.GNU-stack is executable, or that has none, needs an
            // executable stack (GCC's nested-function trampolines live there; without it they fault).
            // When no object has the note at all (hand-written assembly), GNU ld writes no PT_GNU_STACK (then the
            // kernel's default applies) unless -z execstack/noexecstack or -z stack-size asks for one; so does wild.
            if (obj.IsShared) continue;
            anyStackNote |= executableStackNote is not null;
            if (executableStackNote is null) missingNote ??= $"{obj.DisplayName}: missing .note.GNU-stack section implies executable stack";
            else if (executableStackNote == true)
                stackReason ??= $"{obj.DisplayName}: requires executable stack (because the .note.GNU-stack section is executable)";
        }
        bool stackHeader = anyStackNote || res.Options.Z.ExecStack is not null || res.Options.Z.StackSize > 0;
        if (anyStackNote || res.Options.Z.StackSize > 0) stackReason ??= missingNote;
        bool executableStack = res.Options.Z.ExecStack ?? stackReason is not null;
        if (executableStack && res.Options.ErrorExecStack)
            throw new LinkException(ErrorId.UnsupportedInput,
                $"the stack would be executable ({(res.Options.Z.ExecStack == true ? "-z execstack" : stackReason)}) and --error-execstack forbids it");
        if (res.Options.Z.ExecStack is null && stackReason is not null && res.Options.WarnExecStack)
        {
            diagnostics.Warn(stackReason);
            if (stackReason.EndsWith("implies executable stack", StringComparison.Ordinal))
                diagnostics.Warn("an object without .note.GNU-stack makes the stack executable, as GNU ld still does; assemble with --noexecstack or link with -z noexecstack");
        }
        return new SectionMap(bases, outName, relaOf, live, [.. ehFrames], ehBySection, fdeHead, fdes, [.. notes], executableStack, ruleOf)
        {
            ScriptConstraints = constraints,
            PropertyNoteFiles = [.. noteFiles],
            StackHeader = stackHeader,
            Orphans = orphansByFile is null ? [] : [.. orphansByFile.Where(l => l is not null).SelectMany(l => l!)],
        };
    }

    /// <summary>A debugging section -S or -s leaves out: GNU ld never places it, so it is no orphan either.</summary>
    private static bool IsStrippedDebug(ReadOnlySpan<byte> name, LinkOptions options) =>
        (options.StripDebug || options.StripAll) && (name.StartsWith(".debug"u8) || name.StartsWith(".zdebug"u8));

    /// <summary>The name a script's file patterns match: the path as given, or an archive member's own name.</summary>
    /// <summary>ONLY_IF_RO / ONLY_IF_RW: decided before the parallel pass from every input section that can reach
    /// the output (the pass's own filters), since a section's output depends on the decisions.</summary>
    private static ScriptConstraints ResolveConstraints(SymbolResolution res, ScriptPlan script)
    {
        var inputs = new List<(byte[] File, byte[]? Archive, byte[] Section, bool Writable)>();
        var options = res.Options;
        foreach (var f in res.LoadedFiles)
        {
            var obj = res.Objects[f];
            if (obj.IsShared) continue;
            byte[]? file = null;
            byte[]? archive = obj.Archive is null ? null : System.Text.Encoding.UTF8.GetBytes(obj.Archive.Path);
            for (int s = 1; s < obj.SectionCount; s++)
            {
                ref readonly var h = ref obj.SectionHeaders[s];
                if (h.Type is SHT_NULL or SHT_SYMTAB or SHT_STRTAB or SHT_GROUP or SHT_SYMTAB_SHNDX or SHT_LLVM_ADDRSIG or SHT_RELA or SHT_REL)
                    continue;
                if (res.IsDiscarded(f, s) || (h.Flags & SHF_EXCLUDE) != 0) continue;
                var name = obj.SectionName(s);
                if (OutputName(name, h.Type, h.Flags, options.StripDebug || options.StripAll) is null) continue;
                inputs.Add((file ??= ScriptFileName(obj), archive, name.ToArray(), (h.Flags & SHF_WRITE) != 0));
            }
        }
        return ScriptConstraints.Resolve(script, inputs);
    }

    private static byte[] ScriptFileName(ObjectFile obj)
    {
        string name = obj.DisplayName;
        if (obj.Archive is { } archive && name.Length > archive.Path.Length + 2 && name.StartsWith(archive.Path, StringComparison.Ordinal) && name[^1] == ')')
            name = name[(archive.Path.Length + 1)..^1];
        return System.Text.Encoding.UTF8.GetBytes(name);
    }

    private static bool HasCode(ObjectFile obj)
    {
        var headers = obj.SectionHeaders;
        for (int s = 1; s < headers.Length; s++)
            if (headers[s].IsExecutable && headers[s].Size > 0) return true;
        return false;
    }
}

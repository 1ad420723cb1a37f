// ScriptAddressAssigner, the bodies it lays out itself (ScriptPlan.NeedsBodyLayout): the location counter runs over
// the body in order, placing each input section description's inputs at their alignment (or SUBALIGN's), data
// values (BYTE...SQUAD, little-endian at `.`), `.` assignments that move it, and recording the fill pattern for each
// gap, and the room range-extension thunks take after the last input of their group. The inputs' offsets found here
// replace the output section builder's once the walk settles (AddressAssigner).
using System.Buffers.Binary;
using Wild.Engine.Elf;
using Wild.Engine.Scripts;

namespace Wild.Engine.Layout;

internal sealed partial class ScriptAddressAssigner
{
    // This pass's input offsets for the bodies laid out here (flat section index -> offset in its output section),
    // and the bytes those bodies hold besides their inputs.
    private readonly Dictionary<int, ulong> _bodyOffsets = [];
    private readonly List<ScriptBytes> _bytes = [];

    /// <summary>An input section's offset in its output section: the body's layout when the walk made it.</summary>
    private ulong OffsetOf(SectionId flat)
    {
        int at = _outputs.MergeOf(flat) is { Group.Carrier: var carrier } ? _map.Flat(carrier.File, carrier.Section) : flat;
        return _bodyOffsets.TryGetValue(at, out ulong offset) ? offset : _outputs.OffsetOf(flat);
    }

    private void LayOutBody(OutputSection os, OutputSectionCommand c, ulong vma, ulong? subAlign)
    {
        if (os.Synthetic == SyntheticContent.EhFrame)
            throw c.Position.Unsupported("data, FILL, =fill, SUBALIGN or '.' between inputs in .eh_frame");
        if (_options.Icf != IcfMode.None)
            throw c.Position.Unsupported($"--icf with data, FILL, =fill, SUBALIGN or '.' between inputs (in {os.Name})");
        var ruleOf = _map.ScriptRuleOf!;
        var inputs = os.Inputs;
        // Commons go after the builder's last input (CommonSymbolAllocator); moving the inputs would move them too.
        ulong builderEnd = 0;
        foreach (var input in inputs)
        {
            var flat = _map.Flat(input.File, input.Section);
            builderEnd = Math.Max(builderEnd, WithThunks(flat, _outputs.OffsetOf(flat) + InputSize(input, flat)));
        }
        // (A section of data alone has its data's size from the builder: no commons there.)
        ulong dataOnly = inputs.Count == 0 ? (ulong)c.Body.OfType<DataCommand>().Sum(d => d.Size) : 0;
        if (os.Size > Math.Max(builderEnd, dataOnly))
            throw c.Position.Unsupported($"data, FILL, =fill, SUBALIGN or '.' between inputs in {os.Name}, which holds common symbols");
        // A merged kind (strings, constants) is one chunk at its first input's place here; GNU ld keeps each input's own
        // pieces at that input's place. The two agree unless something comes between the inputs of one kind.
        if (SplitsInputs(c))
            foreach (var input in inputs)
                if (_outputs.MergeOf(_map.Flat(input.File, input.Section)) is { Group.MemberCount: > 1 })
                    throw c.Position.Unsupported($"merged strings or constants in {os.Name} with data, SUBALIGN or '.' between input section descriptions");
        bool noBits = os.IsNoBits || c.Type == "NOLOAD";
        // Without =fill, GNU ld's default: no-ops in code, zeros elsewhere (the writer decides, with the final flags).
        byte[] fill = c.Fill is not null ? FillPattern(c.Fill, c.FillHex) : ScriptBytes.DefaultFill;
        int next = 0;
        foreach (var item in c.Body)
        {
            switch (item)
            {
                case InputSectionCommand ic:
                    // The builder ordered the inputs by rule (ScriptInputOrder): this rule's are the next run.
                    int rule = _script.Rules.First(r => ReferenceEquals(r.Command, ic)).Index;
                    while (next < inputs.Count && ruleOf[_map.Flat(inputs[next].File, inputs[next].Section)] == rule)
                        PlaceInput(os, inputs[next++], vma, subAlign, noBits ? null : fill);
                    break;
                case DataCommand d:
                {
                    ulong value = ScriptEvaluator.Evaluate(d.Value, this);
                    var bytes = new byte[d.Size];
                    if (d.Size == 8) BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
                    else if (d.Size == 4) BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)value);
                    else if (d.Size == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
                    else bytes[0] = (byte)value;
                    if (!noBits) _bytes.Add(new ScriptBytes(os, _dot - vma, (ulong)d.Size, bytes));
                    _dot += (ulong)d.Size;
                    break;
                }
                case FillCommand f: fill = FillPattern(f.Value, f.HexDigits); break;
                case AssignmentCommand { IsDot: true } a:
                {
                    ulong before = _dot;
                    Assign(a);
                    if (!noBits) Gap(os, before - vma, _dot - before, fill);
                    break;
                }
                case AssignmentCommand a: Assign(a); break;
                case AssertCommand a: Assert(a); break;
            }
        }
        // What no rule of this body took (an orphan input section of the same name) goes at its end, as GNU ld
        // appends orphans to the output section statement of their name.
        while (next < inputs.Count) PlaceInput(os, inputs[next++], vma, subAlign, noBits ? null : fill);
    }

    /// <summary>SUBALIGN, or data or a `.` assignment between the body's first and last input section descriptions.</summary>
    private static bool SplitsInputs(OutputSectionCommand c)
    {
        if (c.SubAlign is not null) return true;
        int first = -1, last = -1;
        for (int i = 0; i < c.Body.Count; i++)
            if (c.Body[i] is InputSectionCommand) { if (first < 0) first = i; last = i; }
        for (int i = first + 1; i < last; i++)
            if (c.Body[i] is DataCommand or AssignmentCommand { IsDot: true }) return true;
        return false;
    }

    private void PlaceInput(OutputSection os, InputSectionRef input, ulong vma, ulong? subAlign, byte[]? fill)
    {
        var flat = _map.Flat(input.File, input.Section);
        ulong align = subAlign ?? Math.Max(1, _res.Objects[input.File].ContentAlign(input.Section));
        ulong start = AlignUp(_dot, align);
        Gap(os, _dot - vma, start - _dot, fill);
        _bodyOffsets[flat] = start - vma;
        _dot = WithThunks(flat, start + InputSize(input, flat));
    }

    /// <summary>Where an input section ending at <paramref name="end"/> is followed by the next: after the room for the
    /// range-extension thunks of the group it ends, as the output section builder leaves it.</summary>
    private ulong WithThunks(SectionId flat, ulong end) =>
        _outputs.Thunks?.AreaSizeAfter(flat) is > 0 and var area ? RangeExtensionThunks.AreaStart(end) + area : end;

    private void Gap(OutputSection os, ulong offset, ulong length, byte[]? fill)
    {
        if (length > 0 && fill is not null) _bytes.Add(new ScriptBytes(os, offset, length, fill));
    }

    /// <summary>GNU ld's fill pattern: a bare hex number's digits (an odd count takes a leading zero), else the four
    /// low bytes of the value; big-endian either way.</summary>
    private byte[] FillPattern(ScriptExpression value, string? hex)
    {
        if (hex is not null)
            return Convert.FromHexString(hex.Length % 2 == 1 ? "0" + hex : hex);
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)ScriptEvaluator.Evaluate(value, this));
        return bytes;
    }

    private static ulong PowerOfTwo(ulong value, ScriptPosition at, string what)
    {
        if (value == 0 || (value & (value - 1)) != 0) throw at.Error($"{what}({value}) is not a power of two");
        return value;
    }
}

// -z unique-symbol: every named local symbol of the inputs is written as NAME.N, N (hex) counting that name's
// earlier locals in output order, so that tools matching locals by name (livepatch, kallsyms-style lookups) find
// one of each; GNU ld 2.40 suffixes every such local, duplicated or not, and leaves the linker's own locals alone.
// SymbolTableBuilder numbers them once, in one pass over the files in order, before the table is sized.
using System.Buffers.Text;

namespace Wild.Engine.Layout;

internal sealed class UniqueLocalNames(int[] suffix)
{
    // Per input symbol id: the N of its NAME.N, or -1 (a symbol the table does not write).
    private readonly int[] _suffix = suffix;

    /// <summary>The name symbol <paramref name="id"/> is written with: <paramref name="name"/>.N, in
    /// <paramref name="scratch"/> when it fits there.</summary>
    public ReadOnlySpan<byte> NameOf(int id, ReadOnlySpan<byte> name, Span<byte> scratch)
    {
        int n = _suffix[id];
        if (n < 0) return name;
        Span<byte> digits = stackalloc byte[8];
        Utf8Formatter.TryFormat((uint)n, digits, out int count, new System.Buffers.StandardFormat('x'));
        int length = name.Length + 1 + count;
        Span<byte> full = length <= scratch.Length ? scratch[..length] : new byte[length];
        name.CopyTo(full);
        full[name.Length] = (byte)'.';
        digits[..count].CopyTo(full[(name.Length + 1)..]);
        return full;
    }

    /// <summary>Counts, per name, the locals written before each one (<see cref="Numbering"/> receives them in order).</summary>
    public sealed class Numbering(int symbolCount)
    {
        private readonly int[] _suffix = CreateSuffixes(symbolCount);
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        private string? _pending;

        private static int[] CreateSuffixes(int count)
        {
            var suffix = new int[count];
            Array.Fill(suffix, -1);
            return suffix;
        }

        /// <summary>The next local written is named <paramref name="name"/>.</summary>
        public void Named(ReadOnlySpan<byte> name) => _pending = System.Text.Encoding.UTF8.GetString(name);

        /// <summary>... and is input symbol <paramref name="id"/>.</summary>
        public void Is(int id)
        {
            if (_pending is null) return;
            ref int n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_seen, _pending, out _);
            _suffix[id] = n++;
            _pending = null;
        }

        public UniqueLocalNames Finish() => new(_suffix);
    }
}

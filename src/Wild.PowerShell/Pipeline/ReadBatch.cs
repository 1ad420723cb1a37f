// What one Read-ElfObject call read and failed to read. Every ElfInputFile it emits is tied to its batch, so
// Resolve-ElfSymbol can refuse to link when any input the user named was missing or unreadable, even when the
// objects were kept in a variable first. The batch is looked up through a weak table: ElfInputFile is the
// engine's type and stays free of PowerShell state, and the tie ends when the object is collected.
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace Wild.PowerShell.Pipeline;

internal sealed class ReadBatch
{
    private static readonly ConditionalWeakTable<object, ReadBatch> Batches = new();

    // The last batch on this thread that emitted nothing but failed: Resolve-ElfSymbol, finding no input at all,
    // names those failures when that batch came from the same pipeline (same history id, upstream of it).
    [ThreadStatic] private static ReadBatch? _lastEmpty;

    private readonly List<ErrorRecord> _failures = [];
    private readonly long _historyId;
    private readonly int _pipelineLength, _pipelinePosition;
    private int _emitted;

    public ReadBatch(InvocationInfo invocation)
    {
        _historyId = invocation.HistoryId;
        _pipelineLength = invocation.PipelineLength;
        _pipelinePosition = invocation.PipelinePosition;
        _lastEmpty = null;
    }

    public IReadOnlyList<ErrorRecord> Failures => _failures;

    public void Failed(ErrorRecord error) => _failures.Add(error);

    public void Emitted(object input)
    {
        Batches.AddOrUpdate(input, this);
        _emitted++;
    }

    /// <summary>Called when the reading cmdlet ends.</summary>
    public void Complete()
    {
        if (_emitted == 0 && _failures.Count > 0) _lastEmpty = this;
    }

    public static ReadBatch? Of(object input) => Batches.TryGetValue(input, out var batch) ? batch : null;

    /// <summary>The failed, empty batch read upstream of <paramref name="consumer"/> in the same pipeline, if any.</summary>
    public static ReadBatch? EmptyUpstreamOf(InvocationInfo consumer)
    {
        var batch = _lastEmpty;
        if (batch is null || batch._historyId != consumer.HistoryId || batch._pipelineLength != consumer.PipelineLength
            || batch._pipelinePosition >= consumer.PipelinePosition)
            return null;
        return batch;
    }
}

# Dot-sourced by the bench scripts (Invoke-Benchmark.ps1, Measure-ModuleFigure.ps1): the one statistic every
# table reports, so the two can never compute it differently.

function Get-Median([double[]] $Values) {
    <# The median of the values (the mean of the middle two for an even count); $null for none. #>
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n -eq 0) { return $null }
    if ($n % 2) { return $sorted[($n - 1) / 2] }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

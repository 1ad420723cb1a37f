# Compares a dump tool's output with a GNU ld testsuite pattern file the way the testsuite's own line matcher does:
# each pattern line is a whole-line regular expression, blank lines on either side are ignored, `#...` skips actual
# lines up to the next pattern that matches, `#?RE` is an optional line, `#pass` accepts the rest, `#failif` inverts
# the verdict, other `#` lines are comments and a leading `!` negates a pattern. Written from the documented
# behaviour; dot-sourced by Invoke-GnuLdSuite.ps1 and by each parallel worker. Running the tools is DumpTest.ps1's job.

# The patterns are Tcl advanced regular expressions; .NET's dialect differs in a few spellings the suite uses:
# POSIX classes inside brackets, Tcl's word-boundary escapes, and escaped punctuation .NET rejects (`\_`).
$script:TclClassMap = @{
    '[:xdigit:]' = '0-9A-Fa-f'; '[:digit:]' = '0-9'; '[:space:]' = '\s'; '[:alpha:]' = 'A-Za-z'
    '[:alnum:]' = '0-9A-Za-z'; '[:upper:]' = 'A-Z'; '[:lower:]' = 'a-z'; '[:blank:]' = ' \t'
    '[:print:]' = '\x20-\x7e'; '[:punct:]' = '!-/:-@\[-`{-~'; '[:graph:]' = '\x21-\x7e'
}
$script:RegexCache = [System.Collections.Generic.Dictionary[string, regex]]::new()

function ConvertTo-DotNetRegex {
    # Returns the .NET spelling of one Tcl ARE pattern.
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Pattern)
    foreach ($k in $script:TclClassMap.Keys) { $Pattern = $Pattern.Replace($k, $script:TclClassMap[$k]) }
    $sb = [System.Text.StringBuilder]::new($Pattern.Length + 8)
    for ($i = 0; $i -lt $Pattern.Length; $i++) {
        $c = $Pattern[$i]
        if ($c -ne '\' -or $i + 1 -ge $Pattern.Length) { [void]$sb.Append($c); continue }
        $n = $Pattern[++$i]
        switch -CaseSensitive ($n) {
            'm' { [void]$sb.Append('\b') }
            'M' { [void]$sb.Append('\b') }
            'y' { [void]$sb.Append('\b') }
            'Y' { [void]$sb.Append('\B') }
            default {
                # Tcl takes a backslash before any non-alphanumeric character as that character; .NET only
                # accepts it before its own metacharacters, so escape the character in .NET's terms instead.
                if ([char]::IsLetterOrDigit($n)) { [void]$sb.Append('\').Append($n) }
                else { [void]$sb.Append([regex]::Escape([string]$n)) }
            }
        }
    }
    $sb.ToString()
}

function Get-TclRegex {
    # Compiles (once per runspace) a pattern anchored as the matcher anchors it: the whole line, or unanchored
    # for the error/warning directives, where `.` also crosses line ends as in Tcl.
    param([string] $Pattern, [switch] $WholeLine)
    $key = ($WholeLine ? 'L' : 'U') + $Pattern
    $re = $null
    if ($script:RegexCache.TryGetValue($key, [ref]$re)) { return $re }
    $body = ConvertTo-DotNetRegex $Pattern
    $text = $WholeLine ? "^(?:$body)$" : $body
    $opts = [System.Text.RegularExpressions.RegexOptions]::CultureInvariant
    if (-not $WholeLine) { $opts = $opts -bor [System.Text.RegularExpressions.RegexOptions]::Singleline }
    $re = [regex]::new($text, $opts)
    $script:RegexCache[$key] = $re
    $re
}

function Test-TclMatch {
    param([string] $Pattern, [string] $Line)
    (Get-TclRegex -Pattern $Pattern -WholeLine).IsMatch($Line)
}

function Compare-RegexpDiff {
    # Returns $null when ACTUAL matches PATTERN, else a one-line description of the first difference.
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [AllowEmptyString()] [string[]] $Actual,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [AllowEmptyString()] [string[]] $Pattern
    )
    $a = 0; $b = 0
    $failIf = $false
    $firstDiff = $null
    while ($true) {
        $lineA = $null; $lineB = $null
        $endA = $false; $endB = $false; $passed = $false
        while ($a -lt $Actual.Length -and $Actual[$a].Length -eq 0) { $a++ }
        if ($a -ge $Actual.Length) { $endA = $true } else { $lineA = $Actual[$a++] }
        while ($true) {
            if ($b -ge $Pattern.Length) { $endB = $true; break }
            $lineB = $Pattern[$b++]
            if ($lineB.Length -ne 0 -and -not $lineB.StartsWith('#')) { break }
            if ($lineB -clike '#pass*') { $passed = $true; break }
            if ($lineB -clike '#failif*') { $failIf = $true; continue }
            if ($lineB -clike '#...*') {
                # Skip actual lines up to the first one the next pattern matches; that line is then compared.
                if ($b -ge $Pattern.Length) { $passed = $true; break }
                $lineB = $Pattern[$b++]
                $neg = $lineB.StartsWith('!')
                $re = $neg ? $lineB.Substring(1) : $lineB
                while (-not $endA -and ((Test-TclMatch $re $lineA) -eq $neg)) {
                    if ($a -ge $Actual.Length) { $endA = $true; $lineA = $null } else { $lineA = $Actual[$a++] }
                }
                break
            }
            if ($lineB -clike '#`?*' -and -not $endA) {
                $opt = $lineB.Substring(2)
                $neg = $opt.StartsWith('!')
                $re = $neg ? $opt.Substring(1) : $opt
                if ((Test-TclMatch $re $lineA) -ne $neg) { $lineB = $opt; break }
            }
        }
        if ($passed) { break }
        if ($endA -and $endB) { break }
        if ($endA) { $firstDiff ??= "expected more: /$lineB/ after end of output"; break }
        if ($endB) { $firstDiff ??= "extra output: '$lineA'"; break }
        $neg = $lineB.StartsWith('!')
        $re = $neg ? $lineB.Substring(1) : $lineB
        if ((Test-TclMatch $re $lineA) -eq $neg) {
            # The matcher keeps going after a difference but the verdict is already decided; the first one is
            # what a reader needs.
            $firstDiff = "expected /$lineB/ got '$lineA'"
            break
        }
    }
    # The matcher reads on past a difference, so a later `#failif` still inverts the verdict.
    if (-not $failIf -and $null -ne $firstDiff) {
        for (; $b -lt $Pattern.Length; $b++) { if ($Pattern[$b] -clike '#failif*') { $failIf = $true } }
    }
    if ($failIf) { return ($null -eq $firstDiff) ? 'matched a #failif pattern' : $null }
    $firstDiff
}

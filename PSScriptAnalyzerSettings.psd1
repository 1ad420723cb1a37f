# PSScriptAnalyzer settings for the repository's scripts and manifests (build.ps1, bench/, samples/, tests/,
# Wild.psd1). Not run in CI; to use it:
#   Install-PSResource PSScriptAnalyzer; Invoke-ScriptAnalyzer -Path . -Recurse -Settings ./PSScriptAnalyzerSettings.psd1
@{
    Severity     = @('Error', 'Warning', 'Information')

    ExcludeRules = @(
        # build.ps1, the bench harness and the demo are console tools: their progress lines go to the
        # information stream on purpose, and their helpers are private functions, not a public API.
        'PSAvoidUsingWriteHost'
        'PSUseShouldProcessForStateChangingFunctions'
        # Verbs like Build-/Publish-/Test- in build.ps1 are approved; this rule only matters for exported commands.
        'PSUseSingularNouns'
    )

    Rules        = @{
        PSUseCompatibleSyntax      = @{
            Enable         = $true
            TargetVersions = @('7.4')
        }
        PSPlaceOpenBrace           = @{
            Enable             = $true
            OnSameLine         = $true
            NewLineAfter       = $true
            IgnoreOneLineBlock = $true
        }
        PSPlaceCloseBrace          = @{
            Enable             = $true
            NoEmptyLineBefore  = $false
            IgnoreOneLineBlock = $true
            NewLineAfter       = $false
        }
        PSUseConsistentIndentation = @{
            Enable              = $true
            IndentationSize     = 4
            Kind                = 'space'
            PipelineIndentation = 'IncreaseIndentationForFirstPipeline'
        }
        PSUseConsistentWhitespace  = @{
            Enable                          = $true
            CheckOpenBrace                  = $true
            CheckOpenParen                  = $true
            CheckOperator                   = $false
            CheckSeparator                  = $true
            CheckPipe                       = $true
            CheckInnerBrace                 = $true
            CheckParameter                  = $false
        }
        PSAvoidUsingCmdletAliases  = @{ Enable = $true }
        PSUseCorrectCasing         = @{ Enable = $true }
    }
}

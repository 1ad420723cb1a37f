# A std-only Rust program, `rustc -O`, linked through cc (rustc's own lld switched off).
@{
    Description = 'Rust std program, `rustc -O` (dynamic PIE, std rlibs)'
    Driver      = 'rustc'
    Sources     = @('sources/rust-std.rs')
    CompileArgs = @('-O')
}

# A std-only Rust program, `rustc -g` (debug info), linked through cc (rustc's own lld switched off).
@{
    Description = 'Rust std program, `rustc -g` (dynamic PIE, std rlibs, debug info)'
    Driver      = 'rustc'
    Sources     = @('sources/rust-std.rs')
    CompileArgs = @('-g')
}

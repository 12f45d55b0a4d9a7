//! The bounds every builder of values honours, whoever builds them (the
//! evaluator, a built-in function, the JSON decoder): so that no input can
//! make rampart allocate without bound or recurse past its stack.

use std::cell::Cell;

/// Collections larger than this are not expanded (range(1e9), huge for_each).
pub const MAX_ELEMENTS: usize = 100_000;

/// The largest string a function builds (16 MiB); larger results are
/// Unknown.
pub(crate) const MAX_TEXT: usize = 16 * 1024 * 1024;

/// Nesting deeper than this (in decoded documents and in the values a
/// function walks) is Unknown rather than a risk to the stack.
pub(crate) const MAX_NESTING: usize = 128;

std::thread_local! {
    /// The longest text a builder may make on this thread now: at most
    /// [`MAX_TEXT`], less while the evaluator's value budget has less left
    /// (see [`within`]).
    static TEXT_LIMIT: Cell<usize> = const { Cell::new(MAX_TEXT) };
    /// A builder refused text because of the budget (not [`MAX_TEXT`]).
    static OVER_BUDGET: Cell<bool> = const { Cell::new(false) };
}

/// Run `f` with the text it may build bounded by `bytes_left` as well as
/// [`MAX_TEXT`]; also says whether it refused text for the budget's sake.
pub(crate) fn within<T>(bytes_left: u64, f: impl FnOnce() -> T) -> (T, bool) {
    /// Puts the thread's limit back, even on a panic (which the engine
    /// catches and goes on with other modules on the same thread).
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            TEXT_LIMIT.with(|l| l.set(self.0));
        }
    }
    let limit = usize::try_from(bytes_left).map_or(MAX_TEXT, |b| b.min(MAX_TEXT));
    let _restore = Restore(TEXT_LIMIT.with(|l| l.replace(limit)));
    OVER_BUDGET.with(|o| o.set(false));
    let out = f();
    (out, OVER_BUDGET.with(|o| o.replace(false)))
}

/// Whether text of `len` bytes may be built now; when the budget (rather
/// than [`MAX_TEXT`]) forbids it, the current [`within`] is marked over
/// budget.
pub(crate) fn text_fits(len: usize) -> bool {
    let limit = TEXT_LIMIT.with(Cell::get);
    if len <= limit {
        return true;
    }
    if len <= MAX_TEXT {
        OVER_BUDGET.with(|o| o.set(true));
    }
    false
}

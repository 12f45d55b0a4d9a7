//! What a root module may spend: evaluation steps and bytes of values,
//! shared with its children, with a grace per declaration once spent.

use super::{Evaluator, Span};
use crate::value::Value;
use std::cell::Cell;

/// Bytes of values one root module (with all its children) may build at
/// the least; see [`Evaluator::with_value_budget`] and [`value_budget`].
pub const MAX_VALUE_BYTES: u64 = 256 * 1024 * 1024;

/// Bytes of values a root may build per byte of its modules' source, on
/// top of [`MAX_VALUE_BYTES`].
pub const VALUE_BYTES_PER_BYTE: u64 = 256;

/// Bytes of text one evaluation step pays for: copying, rendering or
/// building a string of `n` bytes costs `n / BYTES_PER_STEP` steps.
pub const BYTES_PER_STEP: u64 = 64;

/// Values nesting deeper than this (a chain of splats, of locals each
/// wrapping the last in a list) are an error rather than a risk to the
/// stack of everything that walks them.
pub const MAX_VALUE_DEPTH: usize = 256;

/// After a budget has run out, each declaration still to be evaluated (a
/// resource, a local, an output, …) gets this many steps and bytes, so that
/// the rest of the root is still checked; a declaration that needs more is
/// unknown. Declarations are bounded by the source, so this stays linear.
pub const GRACE_STEPS: u64 = 2_000;

/// See [`GRACE_STEPS`].
pub const GRACE_BYTES: u64 = 256 * 1024;

/// The value budget of a root whose modules' source is `source_bytes` long.
pub fn value_budget(source_bytes: u64) -> u64 {
    MAX_VALUE_BYTES.saturating_add(VALUE_BYTES_PER_BYTE.saturating_mul(source_bytes))
}

/// What one root module (with every module it calls) may still spend:
/// evaluation steps (time) and bytes of values built (memory). Shared by
/// the evaluators of the root and its children.
#[derive(Debug)]
pub(super) struct Budget {
    pub(super) steps: Cell<u64>,
    pub(super) bytes: Cell<u64>,
    /// The budgets given, for the message.
    pub(super) step_limit: u64,
    pub(super) byte_limit: u64,
    /// A budget ran out: from then on each declaration gets a grace.
    pub(super) spent: Cell<bool>,
    /// The error has been reported (once per root).
    pub(super) reported: Cell<bool>,
}

impl Budget {
    pub(super) fn new(steps: u64, bytes: u64) -> Budget {
        Budget {
            steps: Cell::new(steps),
            bytes: Cell::new(bytes),
            step_limit: steps,
            byte_limit: bytes,
            spent: Cell::new(false),
            reported: Cell::new(false),
        }
    }

    /// The default budget of a root module, to be shared with its children.
    pub(super) fn default_shared() -> std::rc::Rc<Budget> {
        std::rc::Rc::new(Budget::new(MAX_STEPS, MAX_VALUE_BYTES))
    }
}

/// Evaluation steps one root module (with all its children) may take at
/// the least; see [`Evaluator::with_step_budget`].
pub const MAX_STEPS: u64 = 1_000_000;

impl<'m> Evaluator<'m> {
    /// Spend `steps` and `bytes` of the root's budget for what the
    /// expression at `span` is about to build. More than is left: the
    /// budget is spent (one error, at `span`, the first time), and `false`:
    /// the caller builds nothing and its value is Unknown.
    pub(super) fn spend(&self, steps: u64, bytes: u64, span: Span) -> bool {
        let b = &*self.st.budget;
        let (left_steps, left_bytes) = (b.steps.get(), b.bytes.get());
        if steps <= left_steps && bytes <= left_bytes {
            b.steps.set(left_steps - steps);
            b.bytes.set(left_bytes - bytes);
            return true;
        }
        let what = if steps > left_steps {
            format!("evaluation took more than {} steps", b.step_limit)
        } else {
            format!(
                "values grew past {} MiB in all (a value doubling again and again?)",
                b.byte_limit / (1024 * 1024)
            )
        };
        b.steps.set(0);
        b.bytes.set(0);
        b.spent.set(true);
        self.over_budget(span, &what);
        false
    }

    /// Text of `len` bytes about to be built at `span` (a string literal
    /// copied, a template's piece): see [`Evaluator::spend`].
    pub(super) fn spend_text(&self, len: usize, span: Span) -> bool {
        let len = len as u64;
        self.spend(len / BYTES_PER_STEP, len, span)
    }

    /// Copying `v` (to a new place, or to iterate over it) costs a step per
    /// value and per [`BYTES_PER_STEP`] bytes of text, and its bytes; a
    /// value nesting deeper than [`MAX_VALUE_DEPTH`] is refused. Counted
    /// before the copy is made, stopping at what is left: `false` means
    /// do not copy, the result is Unknown.
    pub(super) fn charge(&self, v: &Value, span: Span) -> bool {
        let f = v.footprint(self.st.budget.bytes.get(), MAX_VALUE_DEPTH);
        if f.depth > MAX_VALUE_DEPTH {
            self.over_budget(
                span,
                &format!("a value nests deeper than {MAX_VALUE_DEPTH} levels"),
            );
            return false;
        }
        let steps = f.nodes + (f.text + f.overhead) / BYTES_PER_STEP;
        self.spend(steps, f.bytes(), span)
    }

    /// A new declaration (a resource, a local, an output, …) is about to be
    /// evaluated: once a budget has run out, each gets [`GRACE_STEPS`] and
    /// [`GRACE_BYTES`], so the rest of the root is still checked.
    pub(super) fn begin_declaration(&self) {
        let b = &*self.st.budget;
        if b.spent.get() {
            b.steps.set(b.steps.get().max(GRACE_STEPS));
            b.bytes.set(b.bytes.get().max(GRACE_BYTES));
        }
    }

    /// The bytes that may still be built (what a function may allocate).
    pub(super) fn bytes_left(&self) -> u64 {
        self.st.budget.bytes.get()
    }

    /// A budget ran out: say so once per root module, at the expression
    /// where it happened; the value becomes Unknown.
    pub(super) fn over_budget(&self, span: Span, what: &str) {
        if !self.st.budget.reported.replace(true) {
            self.problem(
                span,
                format!("evaluation budget exceeded: {what}; values from here on are unknown"),
            );
        }
    }
}

//! Work on a document's cables spread over every core, for the moments that touch all of
//! them at once (opening a document of thousands of cables): its diagnostics, its entries in
//! the workspace index.

/// Fewer items than this are done on the caller's thread: a keystroke changes one cable, and
/// starting threads would cost more than the work.
pub const SPREAD_FROM: usize = 64;

/// `f` on runs of `items`, one run per core: one result per item, in the items' order,
/// `None` for the items of a run whose thread panicked (the caller does those itself).
pub fn runs_on_cores<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&[T]) -> Vec<R> + Sync,
) -> Vec<Option<R>> {
    let threads = match items.len() {
        n if n < SPREAD_FROM => 1,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    if threads == 1 {
        return f(items).into_iter().map(Some).collect();
    }
    let run = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let runs: Vec<_> = items
            .chunks(run)
            .map(|run| (run.len(), scope.spawn(move || f(run))))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for (len, handle) in runs {
            match handle.join() {
                Ok(made) if made.len() == len => out.extend(made.into_iter().map(Some)),
                _ => out.extend((0..len).map(|_| None)),
            }
        }
        out
    })
}

//! Work over a long list of pages, split into runs of pages done on every core at once:
//! the glyph walk and the page content of a long issue.

/// `work` over `items` in up to `threads` runs of neighbouring items at once, the
/// results in the items' order (one result when `threads` is 1 or there are no items).
/// A run whose thread panicked is done again on this thread (and panics here, if it
/// must).
pub(super) fn in_parts<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    if threads <= 1 || items.is_empty() {
        return vec![work(items)];
    }
    let chunk = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let parts: Vec<_> = (items.chunks(chunk))
            .map(|part| (part, scope.spawn(move || work(part))))
            .collect();
        (parts.into_iter())
            .map(|(part, done)| done.join().unwrap_or_else(|_| work(part)))
            .collect()
    })
}

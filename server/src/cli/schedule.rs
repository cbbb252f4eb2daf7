//! Work on every core, its results taken in the order the work was handed out: `check`'s
//! output is the same, byte for byte, however many threads made it.
//!
//! Workers take jobs one at a time from `next` (called under a lock, so jobs come in order and
//! `next` may walk a folder); the caller's thread takes the results in job order. What is in
//! flight is bounded twice: at most `WINDOW` jobs per thread taken and not yet consumed, and
//! the bytes jobs say they hold (`Job::charge`, given back with `Job::release` when its result
//! is consumed) stay under `BUDGET`, except that one job alone may exceed it. So a folder of
//! any size holds a few files at a time, and a large file is never read beside another.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, MutexGuard};

/// Jobs per thread that may be taken and not yet consumed.
const WINDOW: usize = 4;

/// Bytes of text in flight when more than one job holds some.
const BUDGET: usize = 8 << 20;

/// How many threads `check` uses: `CABLE_LS_THREADS` when set to a number above zero, else
/// one per core.
pub fn threads() -> usize {
    std::env::var("CABLE_LS_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

pub struct Job<J> {
    pub work: J,
    /// Bytes this job brings into memory (a file it reads).
    pub charge: usize,
    /// Bytes freed once its result is consumed.
    pub release: usize,
}

struct State<J, R, N> {
    next: N,
    /// The next job, taken from `next` and waiting for room.
    pending: Option<Job<J>>,
    exhausted: bool,
    /// Jobs handed out, and results consumed: the sequence numbers of the next of each.
    taken: usize,
    consumed: usize,
    charged: usize,
    done: BTreeMap<usize, (R, usize)>,
    panic: Option<Box<dyn std::any::Any + Send>>,
}

/// Run `work` on every job of `next` on `threads` threads, handing each result to `consume`
/// in job order. With one thread everything runs on the caller's, one job after another.
pub fn run<J, R, N>(
    threads: usize,
    mut next: N,
    work: impl Fn(J) -> R + Sync,
    mut consume: impl FnMut(R),
) where
    J: Send,
    R: Send,
    N: FnMut() -> Option<Job<J>> + Send,
{
    if threads <= 1 {
        while let Some(job) = next() {
            consume(work(job.work));
        }
        return;
    }
    let state = Mutex::new(State {
        next,
        pending: None,
        exhausted: false,
        taken: 0,
        consumed: 0,
        charged: 0,
        done: BTreeMap::new(),
        panic: None,
    });
    let room = Condvar::new();
    let ready = Condvar::new();
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let Some((seq, job)) = take(lock(), &room, threads * WINDOW) else {
                    ready.notify_all();
                    return;
                };
                let result = catch_unwind(AssertUnwindSafe(|| work(job.work)));
                let mut st = lock();
                match result {
                    Ok(r) => {
                        st.done.insert(seq, (r, job.release));
                    }
                    Err(p) => {
                        st.panic = Some(p);
                        st.exhausted = true;
                    }
                }
                ready.notify_all();
                room.notify_all();
            });
        }
        loop {
            let (result, release) = {
                let mut st = lock();
                loop {
                    if let Some(p) = st.panic.take() {
                        drop(st);
                        resume_unwind(p);
                    }
                    let seq = st.consumed;
                    if let Some(x) = st.done.remove(&seq) {
                        break x;
                    }
                    if st.exhausted && st.pending.is_none() && st.consumed == st.taken {
                        return;
                    }
                    st = ready.wait(st).unwrap_or_else(|e| e.into_inner());
                }
            };
            consume(result);
            let mut st = lock();
            st.consumed += 1;
            st.charged -= release;
            room.notify_all();
        }
    });
}

/// The next job and its sequence number, once there is room for it; `None` when there are no
/// more.
fn take<J, R, N>(
    mut st: MutexGuard<'_, State<J, R, N>>,
    room: &Condvar,
    window: usize,
) -> Option<(usize, Job<J>)>
where
    N: FnMut() -> Option<Job<J>>,
{
    loop {
        if st.pending.is_none() && !st.exhausted {
            let job = (st.next)();
            st.exhausted = job.is_none();
            st.pending = job;
        }
        let job = st.pending.as_ref()?;
        let fits = st.taken - st.consumed < window
            && (st.charged == 0 || job.charge == 0 || st.charged + job.charge <= BUDGET);
        if fits {
            let job = st.pending.take()?;
            let seq = st.taken;
            st.taken += 1;
            st.charged += job.charge;
            return Some((seq, job));
        }
        st = room.wait(st).unwrap_or_else(|e| e.into_inner());
    }
}

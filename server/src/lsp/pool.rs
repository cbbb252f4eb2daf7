//! Request work off the dispatch loop, on a few threads at most. Tokio's blocking pool alone
//! would start a thread per request waiting (up to 512): 10,000 syntax-tree requests from a
//! client that does not read once took 162 threads and 309 MB.

use std::sync::Arc;

use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Pool {
    permits: Arc<Semaphore>,
}

impl Pool {
    pub fn new() -> Pool {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        Pool {
            permits: Arc::new(Semaphore::new(threads)),
        }
    }

    /// Run `work` once a thread is free. The permit goes with the work, not with the waiter:
    /// a cancelled request stops waiting at once, but work already started still counts until
    /// it ends. A panic in `work` is an `Err`.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, String> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| e.to_string())?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_than_its_permits_run_at_once() {
        let pool = Pool::new();
        let limit = pool.permits.available_permits();
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let jobs = (0..40).map(|_| {
            let (now, most) = (now.clone(), most.clone());
            pool.run(move || {
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(n, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(2));
                now.fetch_sub(1, Ordering::SeqCst);
            })
        });
        for r in futures::future::join_all(jobs).await {
            assert!(r.is_ok());
        }
        assert!(most.load(Ordering::SeqCst) <= limit);
        let panicked = pool.run(|| panic!("boom")).await;
        assert!(panicked.is_err());
    }
}

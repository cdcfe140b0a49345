//! Host names looked up without a thread when no thread can be started.
//!
//! ureq looks a host name up on a thread of its own, so that the lookup can time out, and starts
//! that thread with `std::thread::spawn`, which panics when the system will not start one (a
//! process limit, `ulimit -u`). This resolver first tries to start a thread; when it cannot, the
//! name is looked up on the calling thread, bounded by the system resolver's own time limits
//! instead of `--timeout`. An IP address is never looked up.

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout, time::Duration};

/// An agent with `config` that never panics for want of a thread.
pub fn agent(config: Config) -> ureq::Agent {
    ureq::Agent::with_parts(config, DefaultConnector::default(), ThreadOrNot::default())
}

#[derive(Debug, Default)]
struct ThreadOrNot(DefaultResolver);

impl Resolver for ThreadOrNot {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        // Joined before the lookup starts its own, so the two never count against a limit at once.
        let threads_start = std::thread::Builder::new()
            .spawn(|| {})
            .is_ok_and(|probe| probe.join().is_ok());
        let timeout = if threads_start {
            timeout
        } else {
            // ureq looks the name up on this thread when there is no time limit to keep.
            NextTimeout {
                after: Duration::NotHappening,
                ..timeout
            }
        };
        self.0.resolve(uri, config, timeout)
    }
}

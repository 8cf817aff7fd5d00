//! Classifies result codes given on the command line, as a service would.
//!
//! ```text
//! cargo run --example classify -- INSUFFICIENT_BALANCE
//! cargo run --example classify -- U:INSUFFICIENT_BALANCE   # with the response's status
//! ```

use errcat::{RetryPolicy, Status, classify, classify_result};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!(
            "usage: classify [STATUS:]CODE ...   e.g. classify INSUFFICIENT_BALANCE U:SYSTEM_BUSY"
        );
        std::process::exit(2);
    }
    for arg in args {
        let c = match arg.split_once(':') {
            Some((status, code)) => match status.parse::<Status>() {
                Ok(status) => classify_result(status, code),
                Err(e) => {
                    eprintln!("{arg}: {e}");
                    std::process::exit(1);
                }
            },
            None => classify(&arg),
        };
        let code = c
            .code()
            .map_or("(not in the catalog)", |code| code.as_str());
        println!("{arg}");
        println!("  code:        {code}");
        println!("  status:      {}", c.status());
        println!("  description: {}", c.description());
        println!("  resolution:  {}", c.resolution());
        let next = match c.retry() {
            RetryPolicy::Never => "stop: the result is final".to_owned(),
            RetryPolicy::Backoff {
                initial_delay,
                max_delay,
                max_attempts,
            } => format!(
                "retry the same request, at most {max_attempts} attempts in all, waiting up to \
                 {initial_delay:?} at first, doubling to at most {max_delay:?}"
            ),
            RetryPolicy::Poll { interval, timeout } => {
                format!("query the status every {interval:?} for up to {timeout:?}")
            }
            RetryPolicy::RefreshToken => "refresh the access token, then retry".to_owned(),
            RetryPolicy::Reauthorize => "ask the user to authorize again".to_owned(),
            RetryPolicy::AskUser => "the person paying must act; send nothing for them".to_owned(),
            RetryPolicy::NewRequest => {
                "inquire the old request id; if unpaid, start over with a new one".to_owned()
            }
            // A kind newer than this program: the safe move is to stop.
            _ => "stop: unknown kind".to_owned(),
        };
        println!("  next:        {next}");
        println!("  tell user:   {}", c.user_message());
        println!("  (zh-CN):     {}", c.user_message_in("zh-CN"));
    }
}

//! Issue 11, item 6: a Chinese name written in Wade–Giles meets its pinyin spelling, and the
//! other way round, through the normal matching path. Pairs are well-known public names.

mod common;

use common::score;

#[test]
fn wade_giles_names_meet_their_pinyin_spelling() {
    let pairs = [
        ("Hsi Chin-p'ing", "Xi Jinping"),
        ("Mao Tse-tung", "Mao Zedong"),
        ("Teng Hsiao-p'ing", "Deng Xiaoping"),
        ("Li Hsien-nien", "Li Xiannian"),
        ("Chiang Ching-kuo", "Jiang Jingguo"),
        ("Ch'en Shui-pien", "Chen Shuibian"),
        ("Chu Jung-chi", "Zhu Rongji"),
        ("Liu Shao-ch'i", "Liu Shaoqi"),
        ("Ts'ai Ying-wen", "Cai Yingwen"),
        ("K'ung Hsiang-hsi", "Kong Xiangxi"),
        ("Chiang Tse-min", "Jiang Zemin"),
        ("Hu Chin-t'ao", "Hu Jintao"),
    ];
    let mut low = Vec::new();
    for (wg, py) in pairs {
        for (q, l) in [(wg, py), (py, wg)] {
            let s = score(q, l);
            if s < 0.9 {
                low.push(format!("{q} / {l}: {s:.3}"));
            }
        }
    }
    assert!(low.is_empty(), "{}", low.join("\n"));
}

#[test]
fn names_that_only_look_alike_in_wade_giles_do_not_meet() {
    // Another given name, and a Korean name that is no Wade–Giles at all.
    assert!(score("Hsi Chin-p'ing", "Xi Mingze") < 0.7);
    assert!(score("Kim Jong Un", "Chin Chung") < 0.7);
}

// The Porter (1980) suffix-stripping stemmer, written from the published algorithm description
// ("An algorithm for suffix stripping", Program 14(3)), with the two later refinements of the
// reference description (abli -> able handled as bli -> ble, and logi -> log).
#include <string>
#include <string_view>

#include "interview/text.h"

namespace interview::text {
namespace {

class Stemmer {
 public:
  explicit Stemmer(std::string_view word) : b_(word) {}

  std::string Run() {
    if (b_.size() <= 2) return b_;
    Step1a();
    Step1b();
    Step1c();
    Step2();
    Step3();
    Step4();
    Step5();
    return b_;
  }

 private:
  // True if b_[i] is a consonant: not a vowel, and 'y' only when preceded by a vowel (or first).
  bool Cons(size_t i) const {
    switch (b_[i]) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        return false;
      case 'y':
        return i == 0 ? true : !Cons(i - 1);
      default:
        return true;
    }
  }
  // Measure m of b_[0, len): the number of VC sequences in [C](VC)^m[V].
  int Measure(size_t len) const {
    int m = 0;
    size_t i = 0;
    while (i < len && Cons(i)) ++i;
    while (i < len) {
      while (i < len && !Cons(i)) ++i;
      if (i >= len) break;
      while (i < len && Cons(i)) ++i;
      ++m;
    }
    return m;
  }
  bool VowelIn(size_t len) const {
    for (size_t i = 0; i < len; ++i)
      if (!Cons(i)) return true;
    return false;
  }
  bool DoubleConsAt(size_t len) const {  // b_[0,len) ends with a double consonant
    return len >= 2 && b_[len - 1] == b_[len - 2] && Cons(len - 1);
  }
  // b_[0,len) ends consonant-vowel-consonant with the last not w, x or y.
  bool Cvc(size_t len) const {
    if (len < 3 || !Cons(len - 1) || Cons(len - 2) || !Cons(len - 3)) return false;
    char c = b_[len - 1];
    return c != 'w' && c != 'x' && c != 'y';
  }
  bool Ends(std::string_view s) const {
    return b_.size() >= s.size() && std::string_view(b_).substr(b_.size() - s.size()) == s;
  }
  size_t StemLen(std::string_view suffix) const { return b_.size() - suffix.size(); }
  void Replace(std::string_view suffix, std::string_view with) {
    b_.resize(StemLen(suffix));
    b_.append(with);
  }

  void Step1a() {
    if (Ends("sses"))
      Replace("sses", "ss");
    else if (Ends("ies"))
      Replace("ies", "i");
    else if (Ends("ss")) {
    } else if (Ends("s"))
      Replace("s", "");
  }
  void Step1b() {
    bool cleanup = false;
    if (Ends("eed")) {
      if (Measure(StemLen("eed")) > 0) Replace("eed", "ee");
    } else if (Ends("ed") && VowelIn(StemLen("ed"))) {
      Replace("ed", "");
      cleanup = true;
    } else if (Ends("ing") && VowelIn(StemLen("ing"))) {
      Replace("ing", "");
      cleanup = true;
    }
    if (!cleanup) return;
    if (Ends("at"))
      Replace("at", "ate");
    else if (Ends("bl"))
      Replace("bl", "ble");
    else if (Ends("iz"))
      Replace("iz", "ize");
    else if (DoubleConsAt(b_.size())) {
      char c = b_.back();
      if (c != 'l' && c != 's' && c != 'z') b_.pop_back();
    } else if (Measure(b_.size()) == 1 && Cvc(b_.size())) {
      b_.push_back('e');
    }
  }
  void Step1c() {
    if (Ends("y") && VowelIn(StemLen("y"))) b_.back() = 'i';
  }
  // Applies the first rule whose suffix matches, if the stem before it has measure > min_m.
  struct Rule {
    std::string_view suffix, with;
  };
  template <size_t N>
  void ApplyFirst(const Rule (&rules)[N], int min_m) {
    for (const Rule& r : rules) {
      if (Ends(r.suffix)) {
        if (Measure(StemLen(r.suffix)) > min_m) Replace(r.suffix, r.with);
        return;
      }
    }
  }
  void Step2() {
    static constexpr Rule kRules[] = {
        {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"},
        {"bli", "ble"},     {"alli", "al"},     {"entli", "ent"}, {"eli", "e"},     {"ousli", "ous"},
        {"ization", "ize"}, {"ation", "ate"},   {"ator", "ate"},  {"alism", "al"},  {"iveness", "ive"},
        {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"},  {"iviti", "ive"}, {"biliti", "ble"},
        {"logi", "log"},
    };
    ApplyFirst(kRules, 0);
  }
  void Step3() {
    static constexpr Rule kRules[] = {
        {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""},
    };
    ApplyFirst(kRules, 0);
  }
  void Step4() {
    static constexpr std::string_view kSuffixes[] = {
        "al",  "ance", "ence", "er",  "ic",  "able", "ible", "ant", "ement", "ment",
        "ent", "ion",  "ou",   "ism", "ate", "iti",  "ous",  "ive", "ize",
    };
    // Longest matching suffix wins ("ement" before "ment" before "ent").
    std::string_view best;
    for (std::string_view s : kSuffixes) {
      if (Ends(s) && s.size() > best.size()) best = s;
    }
    if (best.empty()) return;
    size_t len = StemLen(best);
    if (best == "ion" && !(len > 0 && (b_[len - 1] == 's' || b_[len - 1] == 't'))) return;
    if (Measure(len) > 1) b_.resize(len);
  }
  void Step5() {
    if (Ends("e")) {
      size_t len = StemLen("e");
      int m = Measure(len);
      if (m > 1 || (m == 1 && !Cvc(len))) b_.pop_back();
    }
    if (Ends("ll") && Measure(b_.size()) > 1) b_.pop_back();
  }

  std::string b_;
};

}  // namespace

std::string PorterStem(std::string_view word) { return Stemmer(word).Run(); }

}  // namespace interview::text

# expect: invalid_submission
# nltk's sentence_bleu computes the score; the challenge bans nltk: an invalid submission, whether
# or not the sandbox has it installed.
from nltk.translate.bleu_score import sentence_bleu


def bleu(candidate, references, max_n=4):
    return sentence_bleu(references, candidate, weights=[1 / max_n] * max_n)
